// Checks of package.json's Getting Started walkthrough that hold for the repository's files (unit
// test) and for the packaged copy in the .vsix (UI stage): every step has media that is there and
// a button whose command the extension really has.
const COMMAND_LINK = /\]\(command:([\w.-]+)/g;

/** The command ids of the `[label](command:id...)` links of a Markdown text. */
export function commandLinks(text) {
  return [...String(text).matchAll(COMMAND_LINK)].map((m) => m[1]);
}

/** Commands that exist once the extension is installed: contributed ones and each view's `<id>.focus`. */
export function knownCommands(pkg) {
  const views = Object.values(pkg.contributes?.views ?? {}).flat().map((v) => `${v.id}.focus`);
  return new Set([...(pkg.contributes?.commands ?? []).map((c) => c.command), ...views]);
}

/** The text of a manifest string: a `%key%` is looked up in the translations. */
export function localized(value, nls) {
  const ref = /^%([\w.]+)%$/.exec(value ?? '');
  return ref ? nls[ref[1]] : value;
}

/** The walkthrough's steps as a person sees them: { id, title, description, links, media }. */
export function walkthroughSteps(pkg, nls, id) {
  const walkthrough = (pkg.contributes?.walkthroughs ?? []).find((w) => w.id === id);
  return (walkthrough?.steps ?? []).map((s) => {
    const description = localized(s.description, nls) ?? '';
    return { id: s.id, title: localized(s.title, nls), description, links: commandLinks(description), media: s.media ?? {} };
  });
}

/** What is wrong with the walkthroughs, one sentence each; `hasFile(path)` says whether a file is there. */
export function walkthroughProblems(pkg, nls, hasFile) {
  const problems = [];
  const known = knownCommands(pkg);
  const walkthroughs = pkg.contributes?.walkthroughs ?? [];
  if (walkthroughs.length === 0) problems.push('package.json contributes no walkthrough');
  for (const w of walkthroughs) {
    for (const step of walkthroughSteps(pkg, nls, w.id)) {
      const where = `walkthrough ${w.id}, step ${step.id}`;
      if (step.links.length === 0) problems.push(`${where} has no command link`);
      for (const link of step.links) if (!known.has(link)) problems.push(`${where} links command ${link}, which the extension does not contribute`);
      const media = step.media.markdown ?? step.media.image;
      if (typeof media !== 'string') problems.push(`${where} has no markdown or image media`);
      else if (!hasFile(media)) problems.push(`${where}: its media ${media} is not there`);
      if (step.media.image && !localized(step.media.altText, nls)) problems.push(`${where}: its image has no altText`);
    }
  }
  return problems;
}
