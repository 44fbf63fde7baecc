// Problems and completion entries of the language service as VS Code objects.
import { untrustedMarkdown } from '../untrustedMarkdown';
import * as vscode from 'vscode';
import type { Problem, Range } from '../../yaml/problem';
import type { CompletionEntry } from '../../language/editorFeatures';
import type { CodeFix } from '../../language/quickFixes';

export const DIAGNOSTIC_SOURCE = 'openstack';

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toDiagnostic(p: Problem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, SEVERITY[p.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = p.code;
  if ((p.data as { deprecated?: boolean } | undefined)?.deprecated) d.tags = [vscode.DiagnosticTag.Deprecated];
  return d;
}

const KIND: Record<CompletionEntry['kind'], vscode.CompletionItemKind> = {
  module: vscode.CompletionItemKind.Module,
  option: vscode.CompletionItemKind.Property,
  keyword: vscode.CompletionItemKind.Keyword,
  value: vscode.CompletionItemKind.EnumMember,
  cloud: vscode.CompletionItemKind.Reference,
};

export function toCompletionItem(e: CompletionEntry, doc: vscode.TextDocument): vscode.CompletionItem {
  const item = new vscode.CompletionItem(e.label, KIND[e.kind]);
  item.insertText = e.snippet ? new vscode.SnippetString(e.insertText) : e.insertText;
  item.sortText = e.sortText;
  item.range = new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = untrustedMarkdown(e.documentation);
  return item;
}

export function toCodeAction(fix: CodeFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  if (fix.createsFile) edit.createFile(vscode.Uri.file(fix.createsFile), { ignoreIfExists: true });
  for (const e of fix.edits) edit.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText);
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.preferred ?? false;
  return action;
}
