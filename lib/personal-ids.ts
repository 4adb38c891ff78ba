// Ids of personal glossary entries outside the glossary itself (search hits, alias tables,
// getEntry, lists) carry a prefix, so a personal "gelatin-sponge" never shadows the built-in one.
export const PERSONAL_ID_PREFIX = 'user:';

export const personalId = (id: string) => `${PERSONAL_ID_PREFIX}${id}`;
export const isPersonalId = (id: string) => id.startsWith(PERSONAL_ID_PREFIX);
