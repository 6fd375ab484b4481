/**
 * Version of the unified event schema. Every enveloped event carries it as
 * `schemaVersion`, so stored events can be told apart (and migrated) when the shape
 * changes. Bump it only for changes an old reader would misread; adding an optional
 * field is not one.
 */
export const EVENT_SCHEMA_VERSION = 1;
