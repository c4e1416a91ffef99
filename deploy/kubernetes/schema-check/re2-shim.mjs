// kubernetes-models check "pattern" with RE2 compiled to WebAssembly, which loads a .wasm file
// beside it; the bundle uses JavaScript's own RegExp instead and stays one file. RE2's inline
// flags, (?i) and the like, which the CRDs' patterns use and JavaScript lacks, become the
// expression's flags (in these patterns they stand at the start, so the meaning is the same).
export class RE2 extends RegExp {
  constructor(pattern, flags) {
    let source = String(pattern);
    let all = (flags || '').includes('u') ? flags || '' : (flags || '') + 'u';
    source = source.replace(/\(\?([ims]+)\)/g, (_, inline) => {
      for (const flag of inline) if (!all.includes(flag)) all += flag;
      return '';
    });
    super(source, all);
  }
}
