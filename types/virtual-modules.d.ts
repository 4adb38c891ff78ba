declare module 'virtual:clinical-lens/alias-table' {
  const table: import('../lib/alias-table').AliasTable;
  export default table;
  /** knowledgeStamp() of this table (knowledge/compile.ts). */
  export const knowledgeStamp: string;
}

declare module 'virtual:clinical-lens/knowledge' {
  const knowledge: {
    entries: import('../lib/knowledge-schema').Entry[];
    sources: import('../lib/knowledge-schema').Sources;
    fuseIndex: { keys: readonly string[]; records: unknown[] };
  };
  export default knowledge;
}
