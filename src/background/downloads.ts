/** Following a browser download to its end: used by guided mode and by the ORCAMO fallback. */
import browser from 'webextension-polyfill';

export type DownloadEnd = { ok: true; path: string } | { ok: false; code: 'DOWNLOAD_FAILED' | 'DOWNLOAD_TIMEOUT' };

/** The saved file's path once complete; DOWNLOAD_FAILED when interrupted or gone; DOWNLOAD_TIMEOUT after `timeoutMs`. */
export function followDownload(id: number, timeoutMs: number): Promise<DownloadEnd> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (end: DownloadEnd): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      browser.downloads.onChanged.removeListener(onChanged);
      resolve(end);
    };
    const check = async (): Promise<void> => {
      const [item] = await browser.downloads.search({ id });
      if (!item || item.state === 'interrupted') finish({ ok: false, code: 'DOWNLOAD_FAILED' });
      else if (item.state === 'complete') finish(item.filename ? { ok: true, path: item.filename } : { ok: false, code: 'DOWNLOAD_FAILED' });
    };
    const onChanged = (delta: browser.Downloads.OnChangedDownloadDeltaType): void => {
      if (delta.id === id) void check();
    };
    const timer = setTimeout(() => finish({ ok: false, code: 'DOWNLOAD_TIMEOUT' }), timeoutMs);
    browser.downloads.onChanged.addListener(onChanged);
    void check();
  });
}
