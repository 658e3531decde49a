/*
 * The importer's measured target: a 100,000-row file imports on the server engine in ≤ 60 s.
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
 * A fresh database and a real server process over loopback; the files are what an office would send: sites in
 * AMap (GCJ-02) coordinates, as UTF-8 CSV, GBK CSV and XLSX. Each is previewed, then imported (new codes each
 * time), and the time to the streamed report is what counts.
 */
import { cpus, totalmem } from 'node:os'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import postgres from 'postgres'
import { type BenchServer, createDatabase, dropDatabase, signIn, startServer, stopServer } from './bench/server.ts'

const PORT = 3910
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)
const base = `http://127.0.0.1:${PORT}`

function rows(prefix: string) {
  return Array.from({ length: ROWS }, (_, i) => ({
    项目编号: `${prefix}-${String(i).padStart(6, '0')}`, 项目名称: `批量导入项目${i}号`, 工程类型: ['房屋建筑', '市政', '轨道交通'][i % 3], 施工阶段: '主体结构',
    '经度(高德)': (120.45 + (i % 400) / 1000).toFixed(6), '纬度(高德)': (31.2 + Math.floor(i / 400) / 1600).toFixed(6),
    开工日期: '2026-03-01', 计划竣工日期: '2028-06-30', 建设单位: '苏州城投', 施工单位: '中建八局', 建筑面积: 20_000 + (i % 50) * 1_000,
  }))
}

async function files() {
  const csv = (prefix: string) => Papa.unparse(rows(prefix))
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('项目')
  const data = rows('XLSX')
  sheet.addRow(Object.keys(data[0]))
  for (const row of data) sheet.addRow(Object.values(row))
  return [
    { name: 'sites-utf8.csv', bytes: new TextEncoder().encode(csv('UTF8')) },
    { name: 'sites-gbk.csv', bytes: new Uint8Array(iconv.encode(csv('GBK'), 'gbk')) },
    { name: 'sites.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) },
  ]
}

async function importOnce(headers: Record<string, string>, file: { name: string; bytes: Uint8Array<ArrayBuffer> }, mode: 'preview' | 'commit') {
  const form = new FormData()
  form.set('file', new File([file.bytes], file.name))
  form.set('mode', mode)
  const started = performance.now()
  const res = await fetch(`${base}/api/imports/sites`, { method: 'POST', body: form, headers: { ...headers, accept: 'application/x-ndjson' } })
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l))
  const last = lines.at(-1)
  if (last.type !== 'report') throw new Error(`${file.name} ${mode}: ${JSON.stringify(last)}`)
  return { seconds: (performance.now() - started) / 1000, totals: last.report.totals, progressLines: lines.length - 1 }
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL + PostGIS server (the target is for the server engine)')
  const name = `sitegrid_bench_import_${Date.now()}`
  const url = await createDatabase(serverUrl, name)
  const db = postgres(url, { max: 1, onnotice: () => {} })
  let server: BenchServer | undefined
  try {
    const built = await files()
    server = await startServer({ databaseUrl: url, port: PORT, sites: 2_000, pollMs: 200 })
    const { headers } = await signIn(base, 'admin')
    console.log(`| file | size | rows | preview (s) | import (s) | created | progress lines |\n|---|---:|---:|---:|---:|---:|---:|`)
    for (const file of built) {
      const preview = await importOnce(headers, file, 'preview')
      const commit = await importOnce(headers, file, 'commit')
      console.log(`| ${file.name} | ${(file.bytes.length / 1e6).toFixed(1)} MB | ${ROWS.toLocaleString()} | ${preview.seconds.toFixed(1)} | ${commit.seconds.toFixed(1)} | ${commit.totals.create.toLocaleString()} | ${commit.progressLines} |`)
    }
    const [{ version }] = await db<{ version: string }[]>`SELECT current_setting('server_version') AS version`
    console.log(`\n${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${version}`)
  } finally {
    if (server) await stopServer(server)
    await db.end()
    await dropDatabase(serverUrl, name)
  }
}

await main()
