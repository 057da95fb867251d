// Builds rules/reference/population/*.json from the public-source files in
// rules/sources/data/ and from the annex table of the government decision S2020/09796
// (rules/sources/2021-utbetalningsbeslut-kammarkollegiet.txt). Run once when a source
// changes: `node scripts/make-reference.mjs`. The output is committed data.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const sources = new URL('../rules/sources/', import.meta.url);
const out = new URL('../rules/reference/population/', import.meta.url);
mkdirSync(out, { recursive: true });

function tsv(name) {
  const lines = readFileSync(new URL(`data/${name}`, sources), 'utf8').split('\n').filter(Boolean);
  const source = lines[0].replace(/^#\s*/, '');
  const header = lines[1].split('\t');
  const rows = lines.slice(2).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
  return { source, rows };
}

function fromLanTsv(file, date, column, titleSv, titleEn, sourceTitle) {
  const { source, rows } = tsv(file);
  const regions = rows.filter((r) => r.lanskod !== '00');
  const riket = rows.find((r) => r.lanskod === '00');
  const total = regions.reduce((s, r) => s + BigInt(r[column]), 0n);
  if (String(total) !== riket[column]) throw new Error(`${file}: rows sum to ${total}, riket says ${riket[column]}`);
  return {
    id: date,
    date,
    title: { sv: titleSv, en: titleEn },
    source: `${sourceTitle}: ${source}`,
    total: String(total),
    rows: regions.map((r) => ({ code: r.lanskod, population: r[column] })),
  };
}

const t2023 = fromLanTsv('befolkning-lan-2023-12-31.tsv', '2023-12-31', 'folkmangd_2023-12-31',
  'Folkmängd 31 december 2023 (SCB)', 'Population 31 December 2023 (Statistics Sweden)', 'SCB, folkmängd per län 31 december 2023 (källa scb-befolkning-2023)');
const t2024 = fromLanTsv('befolkning-lan-2024-12-31.tsv', '2024-12-31', 'folkmangd_2024-12-31',
  'Folkmängd 31 december 2024 (SCB)', 'Population 31 December 2024 (Statistics Sweden)', 'SCB, folkmängd per län 31 december 2024 (källa scb-befolkning-2024)');

// The annex of S2020/09796: "Befolkning 1/11- 2019" per region.
const seed4 = readFileSync(new URL('2021-utbetalningsbeslut-kammarkollegiet.txt', sources), 'utf8');
const names = {
  'Region Stockholm': '01', 'Region Uppsala': '03', 'Region Sörmland': '04', 'Region Östergötland': '05',
  'Region Jönköpings län': '06', 'Region Kronoberg': '07', 'Region Kalmar län': '08', 'Region Gotlands': '09',
  'Region Blekinge': '10', 'Region Skåne': '12', 'Region Halland': '13', 'Västra Götalandsregionen': '14',
  'Region Värmland': '17', 'Region Örebro län': '18', 'Region Västmanland': '19', 'Region Dalarna': '20',
  'Region Gävleborg': '21', 'Region Västernorrland': '22', 'Region Jämtland Härjedalen': '23',
  'Region Västerbotten': '24', 'Region Norrbotten': '25',
};
const rows2019 = [];
let summa = null;
for (const line of seed4.split('\n')) {
  const cols = line.split('\t');
  if (cols.length !== 4) continue;
  const pop = cols[1].replace(/\s/g, '');
  if (cols[0] === 'Summa') summa = pop;
  else if (names[cols[0]]) rows2019.push({ code: names[cols[0]], population: pop });
}
rows2019.sort((a, b) => a.code.localeCompare(b.code));
const total2019 = rows2019.reduce((s, r) => s + BigInt(r.population), 0n);
if (rows2019.length !== 21 || String(total2019) !== summa) throw new Error('seed 004 table did not parse');
const t2019 = {
  id: '2019-11-01',
  date: '2019-11-01',
  title: { sv: 'Befolkning 1 november 2019 (regeringsbeslut S2020/09796, bilaga)', en: 'Population 1 November 2019 (government decision S2020/09796, annex)' },
  source: 'Regeringsbeslut S2020/09796 (Socialdepartementet, 22 december 2020; källa utbetalningsbeslut-2021), bilaga: "Fördelning av 185 miljoner kronor efter invånare per region", kolumnen "Befolkning 1/11- 2019"',
  total: String(total2019),
  rows: rows2019,
};

for (const t of [t2019, t2023, t2024]) writeFileSync(new URL(`${t.id}.json`, out), JSON.stringify(t, null, 2) + '\n');
console.log('wrote', [t2019, t2023, t2024].map((t) => `${t.id} (${t.total})`).join(', '));
