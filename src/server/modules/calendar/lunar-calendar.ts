/**
 * The Vietnamese lunisolar calendar (âm lịch), computed from astronomy rather than from a table.
 *
 * The rules are those of the traditional Chinese calendar since 1645, applied on the meridian of
 * UTC+7, which Vietnam has used for its calendar since 1968 (Tết 1985 and Tết 2030 differ from
 * China's because of that hour):
 * - a month starts on the local day that contains the new moon;
 * - month 11 is the month that contains the December solstice;
 * - when 13 months start between two months 11, the first of them (after the first month 11)
 *   that contains no major solar term (trung khí: the sun's longitude reaching a multiple of
 *   30°) is the leap month and repeats the number of the month before it.
 *
 * New moons come from Meeus, Astronomical Algorithms (2nd ed.), ch. 49; the sun's apparent
 * longitude from VSOP87 (Meeus, appendix III, longitude series) with nutation and aberration;
 * UT from TT through the ΔT polynomials of Espenak & Meeus. Gregorian dates are proleptic.
 */

export interface SolarDate { year: number; month: number; day: number }

/** A lunar date; `year` is the Gregorian year in which that lunar year's Tết falls. */
export interface LunarDate { year: number; month: number; day: number; leap: boolean }

export interface LunarDateInput { year: number; month: number; day: number; leap?: boolean }

/** One month of a lunar year. */
export interface LunarMonth {
  year: number;
  month: number;
  leap: boolean;
  firstDay: SolarDate;
  length: 29 | 30;
}

/** Hours east of UTC of the meridian the Vietnamese calendar is computed on. */
export const VIETNAM_TIME_ZONE = 7;

/** Years the conversions accept; ΔT, and so the day a new moon falls on, is uncertain outside. */
export const LUNAR_CALENDAR_YEARS = { min: 1800, max: 2199 } as const;

const UNIX_EPOCH_JDN = 2440588;
const MS_PER_DAY = 86_400_000;
const SYNODIC_MONTH = 29.530588861;
/** Julian Ephemeris Day of the mean new moon k = 0 (6 January 2000). */
const NEW_MOON_EPOCH = 2451550.09766;
const RAD = Math.PI / 180;

/** Julian day number of a Gregorian date (the day that starts at noon UT of that date). */
export function julianDayNumber(date: SolarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY + UNIX_EPOCH_JDN;
}

/** The Gregorian date of a Julian day number. */
export function solarDateFromJulianDayNumber(jdn: number): SolarDate {
  const d = new Date((jdn - UNIX_EPOCH_JDN) * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Converts a Gregorian date to the lunar calendar.
 * @param timeZone hours east of UTC of the calendar's meridian: 7 for Vietnam, 8 for China
 *   (and for Vietnamese dates before 1968, when Vietnam still reckoned on UTC+8).
 * @throws RangeError for an impossible date or a year outside {@link LUNAR_CALENDAR_YEARS}.
 */
export function solarToLunar(date: SolarDate, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  checkSolarDate(date);
  checkTimeZone(timeZone);
  const day = julianDayNumber(date);
  let span = lunarSpan(date.year + 1, timeZone);
  if (day < span[0]!.start) span = lunarSpan(date.year, timeZone);
  let i = span.length - 2;
  while (span[i]!.start > day) i -= 1;
  const m = span[i]!;
  return { year: m.year, month: m.month, day: day - m.start + 1, leap: m.leap };
}

/**
 * Converts a lunar date to the Gregorian calendar.
 * @param timeZone hours east of UTC of the calendar's meridian: 7 for Vietnam, 8 for China.
 * @throws RangeError for a date the lunar calendar does not have: a leap month the year has
 *   not, day 30 of a 29-day month, or a year outside {@link LUNAR_CALENDAR_YEARS}.
 */
export function lunarToSolar(lunar: LunarDateInput, timeZone: number = VIETNAM_TIME_ZONE): SolarDate {
  const { year, month, day } = lunar;
  const leap = lunar.leap ?? false;
  checkYear(year);
  checkTimeZone(timeZone);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`lunar month ${month} is not 1–12`);
  if (!Number.isInteger(day) || day < 1 || day > 30) throw new RangeError(`lunar day ${day} is not 1–30`);
  const m = lunarYearMonths(year, timeZone).find((x) => x.month === month && x.leap === leap);
  if (!m) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
  if (day > m.length) {
    throw new RangeError(`lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has ${m.length} days, not ${day}`);
  }
  return solarDateFromJulianDayNumber(julianDayNumber(m.firstDay) + day - 1);
}

/**
 * The months of one lunar year in order, from month 1 (Tết) to month 12, the leap month included.
 * @param year the Gregorian year in which that lunar year's Tết falls.
 */
export function lunarYearMonths(year: number, timeZone: number = VIETNAM_TIME_ZONE): LunarMonth[] {
  checkYear(year);
  checkTimeZone(timeZone);
  // Months 1–10 lie between the months 11 of year-1 and year; months 11–12 after the second.
  const spans = [lunarSpan(year, timeZone), lunarSpan(year + 1, timeZone)];
  const months: LunarMonth[] = [];
  for (const span of spans) {
    for (let i = 0; i < span.length - 1; i += 1) {
      const m = span[i]!;
      if (m.year !== year) continue;
      const length = span[i + 1]!.start - m.start;
      months.push({
        year, month: m.month, leap: m.leap,
        firstDay: solarDateFromJulianDayNumber(m.start), length: length === 30 ? 30 : 29,
      });
    }
  }
  return months;
}

/** The leap month (tháng nhuận) of a lunar year, or null when the year has 12 months. */
export function leapMonthOf(year: number, timeZone: number = VIETNAM_TIME_ZONE): number | null {
  return lunarYearMonths(year, timeZone).find((m) => m.leap)?.month ?? null;
}

interface SpanMonth { year: number; month: number; leap: boolean; start: number }

const spanCache = new Map<string, SpanMonth[]>();

/**
 * The months from month 11 of lunar year `year - 1` up to month 11 of lunar year `year`; the
 * last element is that closing month 11, kept only for its start (the end of the month before).
 */
function lunarSpan(year: number, timeZone: number): SpanMonth[] {
  const key = `${timeZone}:${year}`;
  const cached = spanCache.get(key);
  if (cached) return cached;
  const from = month11NewMoon(year - 1, timeZone);
  const to = month11NewMoon(year, timeZone);
  const starts: number[] = [];
  for (let k = from; k <= to; k += 1) starts.push(newMoonDay(k, timeZone));
  let leapAt = -1;
  if (to - from === 13) {
    for (let i = 1; i < 13; i += 1) {
      if (majorTermSector(starts[i]!, timeZone) === majorTermSector(starts[i + 1]!, timeZone)) {
        leapAt = i;
        break;
      }
    }
  }
  const span: SpanMonth[] = [];
  let month = 11;
  let monthYear = year - 1;
  starts.forEach((start, i) => {
    const leap = i === leapAt;
    if (i > 0 && !leap) {
      month = (month % 12) + 1;
      if (month === 1) monthYear = year;
    }
    span.push({ year: monthYear, month, leap, start });
  });
  // The cache only saves recomputing the same few years; bound it against odd time zones.
  if (spanCache.size > 4096) spanCache.clear();
  spanCache.set(key, span);
  return span;
}

/** The index k (see {@link newMoonJde}) of the new moon that starts month 11 of `year`. */
function month11NewMoon(year: number, timeZone: number): number {
  const dec31 = julianDayNumber({ year, month: 12, day: 31 });
  const k = Math.floor((dec31 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  // New moon k starts on or about 31 December; the solstice lies in its month or the one before.
  return sunLongitudeAtDayStart(newMoonDay(k, timeZone), timeZone) >= 270 ? k - 1 : k;
}

/** The local day number on which new moon k falls. */
function newMoonDay(k: number, timeZone: number): number {
  const jde = newMoonJde(k);
  const ut = jde - deltaTSeconds(jde) / 86_400;
  return Math.floor(ut + 0.5 + timeZone / 24);
}

/** 0–11: which 30° of the sun's apparent longitude the day starts in (local midnight). */
function majorTermSector(day: number, timeZone: number): number {
  return Math.floor(sunLongitudeAtDayStart(day, timeZone) / 30);
}

function sunLongitudeAtDayStart(day: number, timeZone: number): number {
  const ut = day - 0.5 - timeZone / 24;
  return sunApparentLongitude(ut + deltaTSeconds(ut) / 86_400);
}

// Periodic terms of the true new moon: [coefficient (days), power of E, multiples of M, M′, F, Ω].
const NEW_MOON_TERMS: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  [-0.4072, 0, 0, 1, 0, 0], [0.17241, 1, 1, 0, 0, 0], [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0], [0.00739, 1, -1, 1, 0, 0], [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0], [-0.00111, 0, 0, 1, -2, 0], [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0], [-0.00042, 0, 0, 3, 0, 0], [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0], [-0.00024, 1, -1, 2, 0, 0], [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0], [0.00004, 0, 0, 2, -2, 0], [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0], [0.00003, 0, 0, 2, 2, 0], [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0], [-0.00002, 0, -1, 1, -2, 0], [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

// Planetary arguments A1–A14: [constant (°), rate per lunation (°), coefficient (days)].
const PLANETARY_TERMS: ReadonlyArray<readonly [number, number, number]> = [
  [299.77, 0.107408, 0.000325], [251.88, 0.016321, 0.000165], [251.83, 26.651886, 0.000164],
  [349.42, 36.412478, 0.000126], [84.66, 18.206239, 0.00011], [141.74, 53.303771, 0.000062],
  [207.14, 2.453732, 0.00006], [154.84, 7.30686, 0.000056], [34.52, 27.261239, 0.000047],
  [207.19, 0.121824, 0.000042], [291.34, 1.844379, 0.00004], [161.72, 24.198154, 0.000037],
  [239.56, 25.513099, 0.000035], [331.55, 3.592518, 0.000023],
];

/** Julian Ephemeris Day (TT) of true new moon number k; k = 0 is the new moon of 6 January 2000. */
function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const m = (2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3) * RAD;
  const mp = (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * RAD;
  const f = (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * RAD;
  const om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * RAD;
  let jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  for (const [c, ePower, nm, nmp, nf, nom] of NEW_MOON_TERMS) {
    jde += c * e ** ePower * Math.sin(nm * m + nmp * mp + nf * f + nom * om);
  }
  PLANETARY_TERMS.forEach(([a, rate, c], i) => {
    const arg = a + rate * k - (i === 0 ? 0.009173 * t2 : 0);
    jde += c * Math.sin(arg * RAD);
  });
  return jde;
}

// VSOP87 heliocentric longitude of the Earth, series L0–L5: [A (1e-8 rad), B (rad), C (rad/millennium)].
type Series = ReadonlyArray<readonly [number, number, number]>;
const L0: Series = [
  [175347046, 0, 0], [3341656, 4.6692568, 6283.07585], [34894, 4.6261, 12566.1517],
  [3497, 2.7441, 5753.3849], [3418, 2.8289, 3.5231], [3136, 3.6277, 77713.7715],
  [2676, 4.4181, 7860.4194], [2343, 6.1352, 3930.2097], [1324, 0.7425, 11506.7698],
  [1273, 2.0371, 529.691], [1199, 1.1096, 1577.3435], [990, 5.233, 5884.927],
  [902, 2.045, 26.298], [857, 3.508, 398.149], [780, 1.179, 5223.694], [753, 2.533, 5507.553],
  [505, 4.583, 18849.228], [492, 4.205, 775.523], [357, 2.92, 0.067], [317, 5.849, 11790.629],
  [284, 1.899, 796.298], [271, 0.315, 10977.079], [243, 0.345, 5486.778], [206, 4.806, 2544.314],
  [205, 1.869, 5573.143], [202, 2.458, 6069.777], [156, 0.833, 213.299], [132, 3.411, 2942.463],
  [126, 1.083, 20.775], [115, 0.645, 0.98], [103, 0.636, 4694.003], [102, 0.976, 15720.839],
  [102, 4.267, 7.114], [99, 6.21, 2146.17], [98, 0.68, 155.42], [86, 5.98, 161000.69],
  [85, 1.3, 6275.96], [85, 3.67, 71430.7], [80, 1.81, 17260.15], [79, 3.04, 12036.46],
  [75, 1.76, 5088.63], [74, 3.5, 3154.69], [74, 4.68, 801.82], [70, 0.83, 9437.76],
  [62, 3.98, 8827.39], [61, 1.82, 7084.9], [57, 2.78, 6286.6], [56, 4.39, 14143.5],
  [56, 3.47, 6279.55], [52, 0.19, 12139.55], [52, 1.33, 1748.02], [51, 0.28, 5856.48],
  [49, 0.49, 1194.45], [41, 5.37, 8429.24], [41, 2.4, 19651.05], [39, 6.17, 10447.39],
  [37, 6.04, 10213.29], [37, 2.57, 1059.38], [36, 1.71, 2352.87], [36, 1.78, 6812.77],
  [33, 0.59, 17789.85], [30, 0.44, 83996.85], [30, 2.74, 1349.87], [25, 3.16, 4690.48],
];
const L1: Series = [
  [628331966747, 0, 0], [206059, 2.678235, 6283.07585], [4303, 2.6351, 12566.1517],
  [425, 1.59, 3.523], [119, 5.796, 26.298], [109, 2.966, 1577.344], [93, 2.59, 18849.23],
  [72, 1.14, 529.69], [68, 1.87, 398.15], [67, 4.41, 5507.55], [59, 2.89, 5223.69],
  [56, 2.17, 155.42], [45, 0.4, 796.3], [36, 0.47, 775.52], [29, 2.65, 7.11], [21, 5.34, 0.98],
  [19, 1.85, 5486.78], [19, 4.97, 213.3], [17, 2.99, 6275.96], [16, 0.03, 2544.31],
  [16, 1.43, 2146.17], [15, 1.21, 10977.08], [12, 2.83, 1748.02], [12, 3.26, 5088.63],
  [12, 5.27, 1194.45], [12, 2.08, 4694], [11, 0.77, 553.57], [10, 1.3, 6286.6],
  [10, 4.24, 1349.87], [9, 2.7, 242.73], [9, 5.64, 951.72], [8, 5.3, 2352.87],
  [6, 2.65, 9437.76], [6, 4.67, 4690.48],
];
const L2: Series = [
  [52919, 0, 0], [8720, 1.0721, 6283.0758], [309, 0.867, 12566.152], [27, 0.05, 3.52],
  [16, 5.19, 26.3], [16, 3.68, 155.42], [10, 0.76, 18849.23], [9, 2.06, 77713.77],
  [7, 0.83, 775.52], [5, 4.66, 1577.34], [4, 1.03, 7.11], [4, 3.44, 5573.14],
  [3, 5.14, 796.3], [3, 6.05, 5507.55], [3, 1.19, 242.73], [3, 6.12, 529.69],
  [3, 0.31, 398.15], [3, 2.28, 553.57], [2, 4.38, 5223.69], [2, 3.75, 0.98],
];
const L3: Series = [
  [289, 5.844, 6283.076], [35, 0, 0], [17, 5.49, 12566.15], [3, 5.2, 155.42],
  [1, 4.72, 3.52], [1, 5.3, 18849.23], [1, 5.97, 242.73],
];
const L4: Series = [[114, 3.142, 0], [8, 4.13, 6283.08], [1, 3.84, 12566.15]];
const L5: Series = [[1, 3.14, 0]];
const LONGITUDE_SERIES = [L0, L1, L2, L3, L4, L5];

function sumSeries(series: Series, tau: number): number {
  let sum = 0;
  for (const [a, b, c] of series) sum += a * Math.cos(b + c * tau);
  return sum;
}

/** The sun's apparent geocentric longitude in degrees [0, 360) at a Julian Ephemeris Day (TT). */
function sunApparentLongitude(jde: number): number {
  const tau = (jde - 2451545) / 365250;
  const t = tau * 10;
  let earth = 0;
  for (let i = LONGITUDE_SERIES.length - 1; i >= 0; i -= 1) earth = earth * tau + sumSeries(LONGITUDE_SERIES[i]!, tau);
  const geometric = (earth / 1e8) / RAD + 180;
  // Earth–sun distance (AU), enough for the aberration, which it changes by under 0.4″.
  const r = 1.00013989 + 0.016707 * Math.cos(3.0984635 + 6283.07585 * tau) + 0.00013956 * Math.cos(3.05525 + 12566.1517 * tau);
  const omega = (125.04452 - 1934.136261 * t) * RAD;
  const meanSun = (280.4665 + 36000.7698 * t) * RAD;
  const meanMoon = (218.3165 + 481267.8813 * t) * RAD;
  const nutation = -17.2 * Math.sin(omega) - 1.32 * Math.sin(2 * meanSun) - 0.23 * Math.sin(2 * meanMoon) + 0.21 * Math.sin(2 * omega);
  const fk5 = -0.09033;
  const aberration = -20.4898 / r;
  const lambda = geometric + (fk5 + nutation + aberration) / 3600;
  return ((lambda % 360) + 360) % 360;
}

/** ΔT = TT − UT in seconds (Espenak & Meeus polynomials), at a Julian day. */
function deltaTSeconds(jd: number): number {
  const y = 2000 + (jd - 2451545) / 365.25;
  if (y < 1860) {
    const t = y - 1800;
    return 13.72 - 0.332447 * t + 0.0068612 * t ** 2 + 0.0041116 * t ** 3 - 0.00037436 * t ** 4
      + 0.0000121272 * t ** 5 - 0.0000001699 * t ** 6 + 0.000000000875 * t ** 7;
  }
  if (y < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (y - 1820) / 100;
  return y < 2150 ? -20 + 32 * u * u - 0.5628 * (2150 - y) : -20 + 32 * u * u;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_CALENDAR_YEARS.min || year > LUNAR_CALENDAR_YEARS.max) {
    throw new RangeError(`year ${year} is outside ${LUNAR_CALENDAR_YEARS.min}–${LUNAR_CALENDAR_YEARS.max}`);
  }
}

function checkSolarDate(date: SolarDate): void {
  checkYear(date.year);
  const back = Number.isInteger(date.month) && Number.isInteger(date.day)
    ? solarDateFromJulianDayNumber(julianDayNumber(date))
    : null;
  if (!back || back.month !== date.month || back.day !== date.day) {
    throw new RangeError(`${date.year}-${date.month}-${date.day} is not a Gregorian date`);
  }
}

function checkTimeZone(timeZone: number): void {
  if (!Number.isFinite(timeZone) || Math.abs(timeZone) > 14) throw new RangeError(`time zone ${timeZone} is not an offset in hours`);
}

/** Internals exposed to the tests only: they check the astronomy against published values. */
export const astronomyForTests = { newMoonJde, sunApparentLongitude, deltaTSeconds };
