import { dictionary } from '@zxcvbn-ts/language-common';
import { blocklistOf } from 'src/users/password-policy.rules';

/**
 * The blocklist: zxcvbn's common-password list (npm @zxcvbn-ts/language-common, MIT), 49 233
 * passwords that occur more than ten times in Mark Burnett's 10 million leaked passwords (xato.net,
 * 2015), less those zxcvbn's own patterns already catch. Offline: it ships inside the package. Built
 * once per process (about 70 ms) and shared. No Nest imports, so unit tests load it as it is.
 */
let blocklist: ReadonlySet<string> | undefined;

export function commonPasswords(): ReadonlySet<string> {
  blocklist ??= blocklistOf(dictionary['passwords-common']);
  return blocklist;
}
