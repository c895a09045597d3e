// The parts of a strings file (strings-plugin.ts): each a subset of the whole file's tree.
declare module '*.json?strings=first' {
  const strings: Record<string, unknown>;
  export default strings;
}
declare module '*.json?strings=more' {
  const strings: Record<string, unknown>;
  export default strings;
}
