/** `verifyLogin`: a real TLS handshake with the given identity, only to an origin the host allows. */
import { isAllowedVerifyOrigin } from '../../origins';
import { VerifyError, verifyLogin as handshake } from '../../verify-login';
import type { Handler } from './context';

export const verifyLogin: Handler<'verifyLogin'> = async (request, context) => {
  if (!isAllowedVerifyOrigin(request.origin, context.config.extraOrigins)) {
    return { ok: false, error: { code: 'ORIGIN_NOT_ALLOWED', message: `${request.origin} は接続確認の対象ではありません。拡張機能の設定で WebORCA のアドレスを確認してください。` } };
  }
  try {
    const result = await handshake(request.origin, Buffer.from(request.p12, 'base64'), request.password);
    return { ok: true, accepted: result.accepted, status: result.status, certificate: result.certificate };
  } catch (error) {
    if (error instanceof VerifyError) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
};
