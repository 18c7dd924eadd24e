import { commonPasswords } from 'src/users/common-passwords';
import {
  blocklistOf,
  isRepetitiveOrSequential,
  PasswordContext,
  passwordVerdict,
  PasswordWeakness as W,
  squash,
} from 'src/users/password-policy.rules';

// NIST SP 800-63B §5.1.1.2: refuse commonly used or compromised values, repetitive or sequential
// characters, and context-specific words (the service's name, the user's name and email).
const BLOCKLIST = blocklistOf(['password', 'password1234', 'P@ssw0rd', 'iloveyou', 'qwertyuiop']);
const DANA: PasswordContext = {
  email: 'Dana.Jones@clinic.example',
  names: ['Dana Jones, RN', 'Dana Smith'],
  serviceWords: ['Front Range Ketamine', 'FRK'],
};

describe('passwordVerdict', () => {
  it.each<[string, string, W | null]>([
    // accepted: long and unrelated to the account
    ['a passphrase', 'correct-horse-battery-staple', null],
    ['a passphrase with the name inside other words', 'dana sings jazz on tuesdays', null],
    ['random digits', '482199372210', null],
    ['a listed word inside a longer phrase', 'my password is long enough', null],
    ['a generated password', 'Zq7-vLp2-Rk9w', null],
    // the blocklist, exactly or trivially varied
    ['a listed password', 'password1234', W.COMMON],
    ['a listed password in capitals', 'PASSWORD1234', W.COMMON],
    ['a listed word with digits appended', 'iloveyou2024', W.COMMON],
    ['a listed word with digits and symbols at both ends', '!!2024iloveyou99!!', W.COMMON],
    ['a listed word spaced out', 'q w e r t y u i o p', W.COMMON],
    ['a listed leetspeak word with digits', 'P@ssw0rd12345', W.COMMON],
    // repetitive or sequential
    ['one character repeated', 'aaaaaaaaaaaa', W.REPETITIVE_OR_SEQUENTIAL],
    ['a short unit repeated', 'abcabcabcabc', W.REPETITIVE_OR_SEQUENTIAL],
    ['digits ascending, wrapping', '1234567890123', W.REPETITIVE_OR_SEQUENTIAL],
    ['letters descending', 'zyxwvutsrqpo', W.REPETITIVE_OR_SEQUENTIAL],
    ['symbols repeated', '!!!!!!!!!!!!', W.REPETITIVE_OR_SEQUENTIAL],
    ['separated repetition', '12-12-12-12-12', W.REPETITIVE_OR_SEQUENTIAL],
    // the account's own details
    ['the email', 'dana.jones@clinic.example', W.PERSONAL],
    ['the email in capitals', 'DANA.JONES@CLINIC.EXAMPLE', W.PERSONAL],
    ['the email with digits appended', 'dana.jones@clinic.example2024', W.PERSONAL],
    ['the email inside the password', 'my dana.jones@clinic.example', W.PERSONAL],
    ['the local part with digits', 'dana.jones12345', W.PERSONAL],
    ['the full name with symbols', 'Dana Jones, RN!!', W.PERSONAL],
    ['the name without spaces and digits', 'DanaJones2024', W.PERSONAL],
    ['the surname padded with digits', '12345jones6789', W.PERSONAL],
    ['the other name', 'dana smith 2024', W.PERSONAL],
    ['the name with accents added', 'Dána Jónes 1990', W.PERSONAL],
    // the service's and the clinic's names
    ['the product name', 'ketamine clinic 1', W.SERVICE_NAME],
    ['a word of the product name with digits', 'ketamine2024!!', W.SERVICE_NAME],
    ['the clinic name', 'FrontRangeKetamine', W.SERVICE_NAME],
    ['a clinic name word with digits', 'range123456789', W.SERVICE_NAME],
  ])('should judge %s (%j) as %s', (_case, password, expected) => {
    expect(passwordVerdict(password, DANA, BLOCKLIST)?.weakness ?? null).toBe(expected);
  });

  it('should say why without repeating the password', () => {
    const verdict = passwordVerdict('dana.jones@clinic.example1', DANA, BLOCKLIST);
    expect(verdict?.message).toMatch(/name or email/);
    expect(verdict?.message).not.toContain('dana');
  });

  it('should accept the name when no context is given', () => {
    expect(passwordVerdict('DanaJones2024', {}, BLOCKLIST)).toBeNull();
  });
});

describe('isRepetitiveOrSequential', () => {
  it.each<[string, boolean]>([
    ['aaa', true],
    ['abab', true],
    ['12341234', true],
    ['abcdefgh', true],
    ['98765432109', true],
    ['ab', false],
    ['abd', false],
    ['13579', false],
    ['abcabd', false],
  ])('should judge %j as %s', (value, expected) => {
    expect(isRepetitiveOrSequential(value)).toBe(expected);
  });
});

describe('squash', () => {
  it.each([
    ['Dana.Jones', 'danajones'],
    ['Zoë Álvarez', 'zoealvarez'],
    ['P@ss w0rd!', 'pssw0rd'],
    ['ＡＢＣ', 'abc'],
  ])('should squash %j to %j', (value, expected) => {
    expect(squash(value)).toBe(expected);
  });
});

describe('the bundled common-password list', () => {
  it('should be loaded once, with tens of thousands of entries', () => {
    expect(commonPasswords()).toBe(commonPasswords());
    expect(commonPasswords().size).toBeGreaterThan(45_000);
  });

  it.each(['password1234', 'qwertyuiop12', '1qaz2wsx3edc', 'Passw0rd2024', 'Iloveyou1234'])(
    'should refuse %j',
    (password) => {
      expect(passwordVerdict(password, {}, commonPasswords())?.weakness).toBe(W.COMMON);
    },
  );

  it.each([
    'correct-horse-battery',
    'bootstrap-password-123',
    'seed-password-1234',
    'a-brand-new-password-42',
  ])('should accept %j', (password) => {
    expect(passwordVerdict(password, {}, commonPasswords())).toBeNull();
  });
});
