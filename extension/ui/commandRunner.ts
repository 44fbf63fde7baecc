import * as vscode from 'vscode';
import type { Log } from './log';

/** Thrown (or rejected with) when the user cancels: never logged, never shown. */
export class UserCancelled extends Error {
  constructor() {
    super('cancelled by the user');
  }
}

function isCancellation(e: unknown): boolean {
  return e instanceof UserCancelled || (e instanceof Error && (e.name === 'AbortError' || e instanceof vscode.CancellationError));
}

/**
 * Registers a command behind the one error wrapper: cancellation is silent; any other error is
 * logged once with the command's name and shown once with a "Show Log" button.
 */
export function registerCommand(log: Log, id: string, handler: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      if (isCancellation(e)) return undefined;
      log.error(`command ${id} failed`, e);
      const message = log.redact(e instanceof Error ? e.message : String(e));
      void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
        if (choice === 'Show Log') log.show();
      });
      return undefined;
    }
  });
}
