import { CALL_OUTCOMES, LIST_SOURCES, NEED_PRECISIONS, PROSPECT_STATUSES } from '../core/types.ts';
import { arrayOf, collection, id, int, object, oneOf, str, time } from './json-schema.ts';

/** A phone's extension: digits only, '' for none. */
const ext = () => str(10, { pattern: '^[0-9]*$' });

// Version 1 added the phones' extensions (versions.ts says how older documents fill them).
export const prospectSchema = collection(
  'prospects',
  1,
  {
    kind: oneOf(['company', 'person']),
    name: str(300, { minLength: 1 }),
    nameKey: str(300),
    phone: str(16, { pattern: '^(\\+[1-9][0-9]{6,14})?$' }),
    phoneKey: str(15, { pattern: '^[0-9]*$' }),
    phoneExt: ext(),
    taxId: str(12, { pattern: '^([0-9]{10}|[0-9]{12})?$' }),
    email: str(254),
    website: str(300),
    contacts: arrayOf(
      object({
        id: id(),
        name: str(200),
        position: str(200),
        phone: str(16, { pattern: '^(\\+[1-9][0-9]{6,14})?$' }),
        phoneExt: ext(),
        email: str(254),
      }),
      50,
    ),
    region: str(100),
    timeZone: str(64),
    industry: str(100),
    source: oneOf([...LIST_SOURCES, 'manual']),
    sourceListId: str(64),
    status: oneOf(PROSPECT_STATUSES),
    expectedNeed: object({
      description: str(2000),
      date: str(10, { pattern: '^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$' }),
      precision: oneOf(['', ...NEED_PRECISIONS]),
      confidence: int(0, 100),
      trigger: str(500),
    }),
    ownerId: str(64),
    createdBy: str(64),
    attempts: int(0, 10000),
    lastCallAt: time(),
    lastOutcome: oneOf(['', ...CALL_OUTCOMES]),
    nextCallAt: time(),
    claimedBy: str(64),
    claimedUntil: time(),
    notes: str(20000),
  },
  ['nameKey', 'phoneKey', 'taxId', ['status', 'nextCallAt'], 'ownerId', 'sourceListId'],
);
