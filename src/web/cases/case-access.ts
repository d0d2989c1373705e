import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkCaseAccess } from '../../db/access.js';

/**
 * The gate of every case page: validates the CRN, asks the access service (which audits VIEW or
 * ACCESS_DENIED) and, unless the case may be opened, answers for the route: 404 for an invalid or unknown
 * CRN, 403 with only the exclusion or restriction message for a blocked case. Routes read nothing about the
 * person until this has returned their id.
 */
export async function openCase(
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: string,
): Promise<{ personId: number; crn: string } | undefined> {
  const user = request.user!;
  const { crn } = request.params as { crn: string };
  const decision = await checkCaseAccess(
    request.server.database.db,
    { userId: user.id, name: user.username, correlationId: request.id },
    crn,
    purpose,
  );
  if (decision.outcome === 'ALLOWED') return { personId: decision.personId, crn: decision.crn };
  if (decision.outcome === 'NOT_FOUND') {
    await reply.code(404).render('views/problem.njk', {
      pageTitle: 'Case not found',
      message: 'There is no case with that CRN. Check it is one letter followed by six digits, like X123456.',
    });
    return undefined;
  }
  await reply.code(403).render('cases/restricted.njk', {
    pageTitle:
      decision.outcome === 'EXCLUDED' ? 'You are excluded from this case' : 'This case is restricted',
    crn: decision.crn,
    message: decision.message,
    backLink: '/search',
  });
  return undefined;
}
