export { useListUrlState, readListState, listStateToQuery, type ListFilters, type ListUrlOptions, type ListUrlState, type ListUrlControls, type SortOrder, type PageDirection } from './use-list-url-state';
export { DataTable, ListBody, listFeatures, type ListFeatures, type DataTableProps, type ServerSort } from './data-table';
export { Pager, type PagerProps } from './pager';
export { useDebouncedCommit } from './use-debounced-commit';
export { FilterField } from './filter-field';
