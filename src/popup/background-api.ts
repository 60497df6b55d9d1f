/**
 * The popup's only door to the background. The UI takes this interface, so it can be rendered against a mock
 * background (tests, screenshots) exactly as against the real one.
 */
import browser from 'webextension-polyfill';
import type { PopupToBackground, StatusReply } from '../lib/messages';

export interface BackgroundApi {
  getStatus(refreshHost: boolean): Promise<StatusReply>;
}

export const realBackground: BackgroundApi = {
  async getStatus(refreshHost) {
    const message: PopupToBackground = { type: 'popup:getStatus', refreshHost };
    return (await browser.runtime.sendMessage(message)) as StatusReply;
  },
};
