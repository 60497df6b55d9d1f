/** Small HTML helpers shared by the page modules. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * nginx's built-in error page, byte for byte in shape (CRLF lines, `<center>` and all), so that a
 * tool that learned to recognise the real one recognises ours. With `ssl_verify_client on` nginx
 * answers 400 with the reason as the page title: "No required SSL certificate was sent" or
 * "The SSL certificate error".
 */
export function nginxErrorPage(status: number, reason: string, detail?: string): string {
  const title = `${status} ${detail ?? reason}`;
  const lines = [
    '<html>',
    `<head><title>${escapeHtml(title)}</title></head>`,
    '<body>',
    `<center><h1>${status} ${escapeHtml(reason)}</h1></center>`,
    ...(detail ? [`<center>${escapeHtml(detail)}</center>`] : []),
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ];
  return lines.join('\r\n');
}

export const NO_CERT_DETAIL = 'No required SSL certificate was sent';
export const CERT_ERROR_DETAIL = 'The SSL certificate error';
