// The badge library's search and filter, kept while the user visits a badge page and comes back.
export const libraryFilters = $state({ query: '', alignment: '' });
