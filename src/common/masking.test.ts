import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('masking personal data', () => {
  it('keeps only the carrier prefix and the last three digits of a phone number', () => {
    expect(maskPhone('0901234567')).toBe('090****567');
    expect(maskPhone('+84901234567')).toBe('090****567');
    expect(maskPhone('12345')).toBe('*****');
  });
  it('hides the local part of an email but the first letter', () => {
    expect(maskEmail('lan.nguyen@gmail.com')).toBe('l*********@gmail.com');
    expect(maskEmail('a@b.vn')).toBe('a*@b.vn');
  });
  it('keeps the family name and initials of a Vietnamese name', () => {
    expect(maskName('Nguyễn Thị Lan')).toBe('Nguyễn T** L**');
    expect(maskName('Lê')).toBe('Lê');
  });
  it('shows only the last four digits of a citizen ID', () => {
    expect(maskIdNumber('079203001234')).toBe('********1234');
  });
});
