import type { MessageKey } from '../../i18n/index.ts';

/** JsSIP's causes (and ours) as the operator reads them; the call document keeps the original words. */
const CAUSES: Readonly<Record<string, MessageKey>> = {
  Busy: 'phone.cause.busy',
  Rejected: 'phone.cause.rejected',
  Unavailable: 'phone.cause.unavailable',
  'Not Found': 'phone.cause.notFound',
  'Address Incomplete': 'phone.cause.addressIncomplete',
  Terminated: 'phone.cause.terminated',
  Canceled: 'phone.cause.canceled',
  'No Answer': 'phone.cause.noAnswer',
  'Connection Error': 'phone.cause.connectionError',
  'Request Timeout': 'phone.cause.requestTimeout',
  'User Denied Media Access': 'phone.cause.mediaDenied',
  'WebRTC Error': 'phone.cause.webrtcError',
  'RTP Timeout': 'phone.cause.rtpTimeout',
  'App closed': 'phone.cause.appClosed',
};

/** The cause in the user's language, or as the network said it when it is not one we know. */
export function causeText(t: (key: MessageKey) => string, cause: string): string {
  const key = CAUSES[cause];
  return key ? t(key) : cause;
}
