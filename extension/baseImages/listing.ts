// Names in a web server's directory index (Apache/nginx autoindex, what cloud.debian.org,
// download.fedoraproject.org and the other mirrors serve): the href of each link that stays in
// the directory, decoded, without the trailing slash of subdirectories. Sort links (?C=M;O=D),
// parents and absolute links are left out.

export interface ListingEntry {
  name: string;
  isDirectory: boolean;
}

const HREF = /<a\s[^>]*?href\s*=\s*["']([^"'<>]+)["']/gi;

export function parseListing(html: string): ListingEntry[] {
  const seen = new Set<string>();
  const entries: ListingEntry[] = [];
  for (const m of html.matchAll(HREF)) {
    let href = m[1]!.replace(/^\.\//, '');
    if (/^[a-z]+:|^\/|^\?|^#|^\.\.?\/?$/i.test(href)) continue;
    const isDirectory = href.endsWith('/');
    href = href.replace(/\/$/, '');
    let name: string;
    try {
      name = decodeURIComponent(href);
    } catch {
      continue;
    }
    if (!name || name.includes('/') || seen.has(name)) continue;
    seen.add(name);
    entries.push({ name, isDirectory });
  }
  return entries;
}

/** Names in the listing that match the pattern whole. */
export function matchingNames(html: string, pattern: RegExp): string[] {
  return parseListing(html).map((e) => e.name).filter((n) => pattern.test(n));
}

/** A regular expression matching the text literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
