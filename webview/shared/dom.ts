// DOM helpers shared by the webviews (a folder without main.ts: bundled into each page, not a page).

/** An element with a class and, when given, text (a text node: never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
