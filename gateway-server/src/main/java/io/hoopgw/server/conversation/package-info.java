/**
 * The conversation of one session as the gateway's controls see it: client requests checked by the policy and
 * recorded before they are forwarded, server responses attributed to the request they answer, masked, and recorded
 * as the client receives them.
 *
 * <p>Used only when a data-path control is configured; otherwise the session is a bare byte relay.
 */
package io.hoopgw.server.conversation;
