/** Made-up people for the demo data: Vietnamese names, mobile numbers, e-mail slugs. */
import type { Random } from './demo-random.ts';
import * as texts from './demo-texts.ts';

export function personName(random: Random): string {
  const female = random.chance(0.5);
  return `${random.pick(texts.FAMILY_NAMES)} ${random.pick(female ? texts.MIDDLE_NAMES_F : texts.MIDDLE_NAMES_M)} ${random.pick(female ? texts.GIVEN_NAMES_F : texts.GIVEN_NAMES_M)}`;
}

/** A fake mobile number in E.164, the form the product stores. */
export function mobileE164(random: Random): string {
  return `+84${random.pick(texts.MOBILE_PREFIXES).slice(1)}${random.digits(7)}`;
}

/** A name without accents or spaces, for made-up e-mail addresses. */
export function asciiSlug(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]+/g, '');
}
