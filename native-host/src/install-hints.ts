/**
 * The exact command that installs a missing tool on the user's system, for error messages and `doctor`.
 * Linux distributions are told apart by /etc/os-release (ID and ID_LIKE).
 */
import { readFileSync } from 'node:fs';
import { text } from './i18n';

export type HintedTool = 'nss-tools' | 'openssl' | 'node';

export function linuxDistribution(osRelease?: string): string[] {
  let text = osRelease;
  if (text === undefined) {
    try {
      text = readFileSync('/etc/os-release', 'utf8');
    } catch {
      return [];
    }
  }
  const field = (name: string): string[] => (new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(text ?? '')?.[1] ?? '').split(/\s+/).filter(Boolean);
  return [...field('ID'), ...field('ID_LIKE')];
}

const PACKAGES: Record<HintedTool, Record<string, string>> = {
  'nss-tools': {
    debian: 'sudo apt install libnss3-tools',
    fedora: 'sudo dnf install nss-tools',
    rhel: 'sudo dnf install nss-tools',
    arch: 'sudo pacman -S nss',
    suse: 'sudo zypper install mozilla-nss-tools',
  },
  openssl: {
    debian: 'sudo apt install openssl',
    fedora: 'sudo dnf install openssl',
    rhel: 'sudo dnf install openssl',
    arch: 'sudo pacman -S openssl',
    suse: 'sudo zypper install openssl',
  },
  node: {
    debian: 'sudo apt install nodejs',
    fedora: 'sudo dnf install nodejs',
    rhel: 'sudo dnf install nodejs',
    arch: 'sudo pacman -S nodejs',
    suse: 'sudo zypper install nodejs',
  },
};

/**
 * A one-line install command, or a sentence (from the catalogue, in the current locale) saying where to get the tool
 * when we cannot tell.
 */
export function installHint(tool: HintedTool, platform: NodeJS.Platform = process.platform, osRelease?: string): string {
  if (platform === 'darwin') return tool === 'node' ? text('hint.nodeOnMac') : `brew install ${tool === 'nss-tools' ? 'nss' : 'openssl'}`;
  if (platform === 'win32') return tool === 'node' ? 'winget install OpenJS.NodeJS.LTS' : text('hint.notNeededOnWindows');
  const ids = linuxDistribution(osRelease);
  for (const id of ids) {
    const family =
      id === 'ubuntu' || id === 'linuxmint'
        ? 'debian'
        : id === 'centos' || id === 'rocky' || id === 'almalinux'
          ? 'rhel'
          : id.startsWith('opensuse')
            ? 'suse'
            : id === 'manjaro'
              ? 'arch'
              : id;
    const command = PACKAGES[tool][family];
    if (command) return command;
  }
  return tool === 'nss-tools' ? text('hint.nssToolsFromDistribution') : text('hint.fromDistribution', { tool });
}
