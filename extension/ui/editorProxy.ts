// The proxy the editor uses, for clouds and image sources alike: VS Code's `http.proxy` (and
// `http.noProxy`) over the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
import * as vscode from 'vscode';
import { proxySettings, type ProxySettings } from '../openstack/index';

export function editorProxy(): ProxySettings | undefined {
  const http = vscode.workspace.getConfiguration('http');
  return proxySettings(process.env, http.get<string>('proxy'), http.get<string[]>('noProxy'));
}
