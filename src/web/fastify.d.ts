import type { CurrentUser } from './auth/session.js';

declare module 'fastify' {
  interface FastifyRequest {
    user?: CurrentUser;
    sessionToken?: string;
  }
  interface FastifyReply {
    /** Renders a Nunjucks page template with the layout context (user, navigation, CSRF token, CSP nonce). */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in page, health, assets). */
    public?: boolean;
  }
}
