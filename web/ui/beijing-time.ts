/** `11-24 10:05` from the server's Beijing-time ISO strings (`2026-11-24T10:05:00+08:00`), whatever the device's zone. */
export const beijingMinute = (iso: string) => iso.slice(5, 16).replace('T', ' ')
