/**
 * Seed 004's annex as published (rules/sources/2021-utbetalningsbeslut-kammarkollegiet, bilaga: "Fördelning av 185
 * miljoner kronor efter invånare per region"): numbers as numbers, "Andel" as printed
 * (rounded to two decimals, so it sums to 1.02 while the table says 1).
 */
export const SEED_004_TITLE = 'Fördelning av 185 miljoner kronor efter invånare per region';

export const SEED_004_TABLE: (string | number)[][] = [
  ['Region', 'Befolkning 1/11- 2019', 'Andel', 'Fördelade medel i kronor'],
  ['Region Stockholm', 2374550, 0.23, 42569204],
  ['Västra Götalandsregionen', 1724529, 0.17, 30916100],
  ['Region Skåne', 1376659, 0.13, 24679740],
  ['Region Östergötland', 465214, 0.05, 8340018],
  ['Region Uppsala', 383044, 0.04, 6866934],
  ['Region Jönköpings län', 363351, 0.04, 6513892],
  ['Region Halland', 333202, 0.03, 5973403],
  ['Region Örebro län', 304634, 0.03, 5461257],
  ['Region Sörmland', 297169, 0.03, 5327430],
  ['Region Dalarna', 287795, 0.03, 5159379],
  ['Region Gävleborg', 287333, 0.03, 5151097],
  ['Region Värmland', 282342, 0.03, 5061622],
  ['Region Västmanland', 275634, 0.03, 4941366],
  ['Region Västerbotten', 271621, 0.03, 4869423],
  ['Region Norrbotten', 250230, 0.02, 4485941],
  ['Region Kalmar län', 245415, 0.02, 4399621],
  ['Region Västernorrland', 245380, 0.02, 4398994],
  ['Region Kronoberg', 201290, 0.02, 3608581],
  ['Region Blekinge', 159748, 0.02, 2863846],
  ['Region Jämtland Härjedalen', 130697, 0.01, 2343041],
  ['Region Gotlands', 59636, 0.01, 1069111],
  ['Summa', 10319473, 1, 185000000],
];
