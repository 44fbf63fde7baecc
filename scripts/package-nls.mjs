// package.json's user-visible strings (command titles and categories, view names, settings
// descriptions, walkthrough texts, ...) are `%key%` references into package.nls.json: VS Code
// and vsce put the text back, and a translation is one more file, package.nls.<locale>.json.
//
//   node scripts/package-nls.mjs     moves every literal user-visible string of package.json into
//                                    package.nls.json, under a key named after where it is, and
//                                    drops keys nothing uses; package.json keeps its formatting
//
// The tests (test/unit/package-nls.test.ts, test/ui/tests/package.mjs) use nlsProblems().
import fs from 'node:fs';
import path from 'node:path';

const REFERENCE = /^%([\w.]+)%$/; // vsce's own pattern (out/nls.js): a key is word characters and dots
const TEXT_FIELDS = ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage'];
const ENUM_TEXT_FIELDS = ['enumDescriptions', 'markdownEnumDescriptions'];

const slug = (s) => String(s).replace(/[^\w.]/g, '_');

/** Every user-visible string of a manifest: { path (JSON path), key (its nls key), value }. */
export function userVisibleStrings(pkg) {
  const out = [];
  const add = (p, key, value) => { if (typeof value === 'string') out.push({ path: p, key, value }); };
  add(['displayName'], 'displayName', pkg.displayName);
  add(['description'], 'description', pkg.description);
  add(['capabilities', 'untrustedWorkspaces', 'description'], 'untrustedWorkspaces.description', pkg.capabilities?.untrustedWorkspaces?.description);
  const c = pkg.contributes ?? {};
  const at = (...p) => ['contributes', ...p];
  for (const [where, list] of Object.entries(c.viewsContainers ?? {})) {
    list.forEach((v, i) => add(at('viewsContainers', where, i, 'title'), `viewsContainer.${slug(v.id)}.title`, v.title));
  }
  for (const [where, list] of Object.entries(c.views ?? {})) {
    list.forEach((v, i) => {
      add(at('views', where, i, 'name'), `view.${slug(v.id)}.name`, v.name);
      add(at('views', where, i, 'contextualTitle'), `view.${slug(v.id)}.contextualTitle`, v.contextualTitle);
    });
  }
  (c.viewsWelcome ?? []).forEach((w, i) => add(at('viewsWelcome', i, 'contents'), `viewsWelcome.${slug(w.view)}.${i}`, w.contents));
  (c.commands ?? []).forEach((cmd, i) => {
    add(at('commands', i, 'title'), `command.${slug(cmd.command)}.title`, cmd.title);
    add(at('commands', i, 'shortTitle'), `command.${slug(cmd.command)}.shortTitle`, cmd.shortTitle);
    add(at('commands', i, 'category'), `category.${slug(cmd.category)}`, cmd.category);
  });
  (c.submenus ?? []).forEach((s, i) => add(at('submenus', i, 'label'), `submenu.${slug(s.id)}.label`, s.label));
  for (const [i, conf] of (Array.isArray(c.configuration) ? c.configuration : [c.configuration]).entries()) {
    if (!conf) continue;
    const base = Array.isArray(c.configuration) ? at('configuration', i) : at('configuration');
    add([...base, 'title'], Array.isArray(c.configuration) ? `configuration.${i}.title` : 'configuration.title', conf.title);
    for (const [name, prop] of Object.entries(conf.properties ?? {})) {
      const p = [...base, 'properties', name];
      for (const f of TEXT_FIELDS) add([...p, f], `config.${slug(name)}.${f}`, prop[f]);
      for (const f of ENUM_TEXT_FIELDS) {
        (prop[f] ?? []).forEach((d, j) => add([...p, f, j], `config.${slug(name)}.${f}.${slug(prop.enum?.[j] ?? j)}`, d));
      }
    }
  }
  (c.walkthroughs ?? []).forEach((w, i) => {
    const id = `walkthrough.${slug(w.id)}`;
    add(at('walkthroughs', i, 'title'), `${id}.title`, w.title);
    add(at('walkthroughs', i, 'description'), `${id}.description`, w.description);
    (w.steps ?? []).forEach((s, j) => {
      const sp = at('walkthroughs', i, 'steps', j);
      add([...sp, 'title'], `${id}.${slug(s.id)}.title`, s.title);
      add([...sp, 'description'], `${id}.${slug(s.id)}.description`, s.description);
      add([...sp, 'media', 'altText'], `${id}.${slug(s.id)}.altText`, s.media?.altText);
    });
  });
  return out;
}

/** What is wrong with a manifest's translations, one sentence each (empty: all good). */
export function nlsProblems(pkg, nls) {
  const problems = [];
  for (const s of userVisibleStrings(pkg)) {
    const ref = REFERENCE.exec(s.value);
    if (!ref) problems.push(`${s.path.join('.')} is literal text "${s.value.slice(0, 60)}", not a %key% of package.nls.json (node scripts/package-nls.mjs moves it)`);
  }
  const used = referencedKeys(pkg);
  for (const key of used) if (typeof nls[key] !== 'string' || nls[key] === '') problems.push(`%${key}% has no text in package.nls.json`);
  for (const key of Object.keys(nls)) if (!used.has(key)) problems.push(`package.nls.json key ${key} is used nowhere in package.json`);
  return problems;
}

/** The keys of every `%key%` string anywhere in a manifest. */
export function referencedKeys(pkg) {
  const used = new Set();
  JSON.stringify(pkg, (_, v) => {
    const ref = typeof v === 'string' && REFERENCE.exec(v);
    if (ref) used.add(ref[1]);
    return v;
  });
  return used;
}

/** Where each string value of a JSON text is: Map of JSON path (joined by \0) to [start, end). */
export function stringSpans(text) {
  const spans = new Map();
  let i = 0;
  const ws = () => { while (/\s/.test(text[i] ?? '')) i++; };
  const str = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return [start, i];
  };
  const value = (p) => {
    ws();
    if (text[i] === '"') { spans.set(p.join('\0'), str()); return; }
    if (text[i] === '{' || text[i] === '[') {
      const object = text[i++] === '{';
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === '}' || text[i] === ']') { i++; return; }
        if (text[i] === ',') { i++; ws(); }
        let key = n;
        if (object) { const [a, b] = str(); key = JSON.parse(text.slice(a, b)); ws(); i++; /* : */ }
        value([...p, key]);
      }
    }
    while (i < text.length && !/[,}\]\s]/.test(text[i])) i++; // number, true, false, null
  };
  value([]);
  return spans;
}

/** package.json text and translations with every literal user-visible string moved to a key. */
export function moveLiteralsToNls(text, nls) {
  const pkg = JSON.parse(text);
  const spans = stringSpans(text);
  const next = { ...nls };
  const edits = [];
  for (const s of userVisibleStrings(pkg)) {
    if (REFERENCE.test(s.value)) continue;
    if (next[s.key] !== undefined && next[s.key] !== s.value) throw new Error(`${s.key} already means "${next[s.key]}", not "${s.value}"`);
    next[s.key] = s.value;
    edits.push([...spans.get(s.path.join('\0')), JSON.stringify(`%${s.key}%`)]);
  }
  edits.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end, replacement] of edits) out = out.slice(0, start) + replacement + out.slice(end);
  const used = referencedKeys(JSON.parse(out));
  for (const key of Object.keys(next)) if (!used.has(key)) delete next[key];
  return { text: out, nls: next };
}

// Run as a script (not imported by a test): rewrite the repository's files.
if (path.basename(process.argv[1] ?? '') === 'package-nls.mjs') {
  const root = path.resolve(path.dirname(process.argv[1]), '..');
  const pkgFile = path.join(root, 'package.json');
  const nlsFile = path.join(root, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
  const moved = moveLiteralsToNls(fs.readFileSync(pkgFile, 'utf8'), nls);
  fs.writeFileSync(pkgFile, moved.text);
  fs.writeFileSync(nlsFile, `${JSON.stringify(moved.nls, null, 2)}\n`);
  const problems = nlsProblems(JSON.parse(moved.text), moved.nls);
  console.log(`package.nls.json: ${Object.keys(moved.nls).length} strings${problems.length ? `; still wrong:\n${problems.join('\n')}` : ''}`);
  process.exit(problems.length ? 1 : 0);
}
