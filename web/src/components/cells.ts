/** nowrap keeps a table cell on one line (document numbers such as SO-2026-00001). */
export const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
