export { encodeCursor, decodeCursor, type KeysetPosition, type SortKeyKind, type SortValue, type CursorExpectation } from './keyset-cursor';
export { listInputShape, pageDirection, sortOrder, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, type ListPage, type PageDirection, type SortOrder } from './list-input';
export { readOrder, keysetOrderBy, keysetBeyond, keysetBeyondSql, toKeysetPage } from './keyset-page';
