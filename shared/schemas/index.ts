import type { CollectionName } from '../core/types.ts';
import type { CollectionSchema } from './json-schema.ts';
import { callbackSchema, callSchema, requestEventSchema, requestSchema } from './activity.ts';
import { callListSchema, listRequestSchema, scriptSchema, settingsSchema, userSchema } from './management.ts';
import { prospectSchema } from './prospects.ts';

export type { CollectionSchema, JsonSchema } from './json-schema.ts';

export const schemas: Record<CollectionName, CollectionSchema> = {
  prospects: prospectSchema,
  calls: callSchema,
  callbacks: callbackSchema,
  requests: requestSchema,
  requestEvents: requestEventSchema,
  callLists: callListSchema,
  scripts: scriptSchema,
  users: userSchema,
  settings: settingsSchema,
  listRequests: listRequestSchema,
};
