// svg-to-pdfkit ships no types; this is the part report-pdf calls.
declare module 'svg-to-pdfkit' {
  interface FontOptions { fauxBold?: boolean; fauxItalic?: boolean }
  interface SVGtoPDFOptions {
    width?: number
    height?: number
    preserveAspectRatio?: string
    assumePt?: boolean
    fontCallback?: (family: string, bold: boolean, italic: boolean, options: FontOptions) => string
    warningCallback?: (message: string) => void
  }
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SVGtoPDFOptions): void
}
