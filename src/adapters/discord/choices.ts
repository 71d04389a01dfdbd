/** Autocomplete choices for a `doc` option: documents whose id or title contains what was typed. */
export function documentChoices(documents: readonly { id: string; title: string }[], typed: string): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase();
  return documents
    .filter((d) => !q || d.id.toLowerCase().includes(q) || d.title.toLowerCase().includes(q))
    .slice(0, 25)
    .map((d) => {
      const name = `${d.title} (${d.id})`;
      return { name: name.length <= 100 ? name : `${name.slice(0, 99)}…`, value: d.id.slice(0, 100) };
    });
}
