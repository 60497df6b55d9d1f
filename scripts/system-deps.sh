#!/bin/sh
# System packages the tests and `npm start` need: Debian's Chromium (never a downloaded browser) with its
# translations (chrome.i18n follows the browser's locale: without chromium-l10n it is always English), Debian's
# Firefox ESR with its Japanese language pack (the Firefox e2e test; same reason), NSS tools (certutil, pk12util),
# OpenSSL, CA certificates, and Japanese fonts (screenshots). For the Windows build and its tests under Wine: Wine
# (64-bit only; GnuTLS for its crypto), msitools and wixl (in Debian 12 wixl is a package of its own) for the MSI.
# As root on Debian/Ubuntu: installs what is missing. Otherwise: prints the exact command and fails.
set -eu
PACKAGES="chromium chromium-l10n firefox-esr firefox-esr-l10n-ja libnss3-tools openssl ca-certificates fonts-noto-cjk wine wine64 libgnutls30 msitools wixl"

missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ] || missing="$missing chromium"
command -v certutil >/dev/null 2>&1 && command -v pk12util >/dev/null 2>&1 || missing="$missing libnss3-tools"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
[ -d /etc/ssl/certs ] || missing="$missing ca-certificates"
[ -f /usr/lib/chromium/locales/ja.pak ] || missing="$missing chromium-l10n"
command -v firefox-esr >/dev/null 2>&1 || missing="$missing firefox-esr"
[ -f /usr/lib/firefox-esr/browser/extensions/langpack-ja@firefox-esr.mozilla.org.xpi ] || missing="$missing firefox-esr-l10n-ja"
fc-list 2>/dev/null | grep -qi "noto.*cjk" || missing="$missing fonts-noto-cjk"
command -v wine >/dev/null 2>&1 || missing="$missing wine"
[ -x /usr/lib/wine/wine64 ] || missing="$missing wine64"
ls /usr/lib/*/libgnutls.so.30 >/dev/null 2>&1 || missing="$missing libgnutls30"
command -v msiinfo >/dev/null 2>&1 || missing="$missing msitools"
command -v wixl >/dev/null 2>&1 || missing="$missing wixl"

if [ -z "$missing" ]; then
  echo "system-deps: all present ($PACKAGES)"
  exit 0
fi

echo "system-deps: missing:$missing"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $PACKAGES
  echo "system-deps: installed"
else
  echo "Run as root:  apt-get update && apt-get install -y --no-install-recommends $PACKAGES" >&2
  exit 1
fi
