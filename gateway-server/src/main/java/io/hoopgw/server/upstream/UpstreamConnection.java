package io.hoopgw.server.upstream;

import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.netty.channel.Channel;
import java.util.List;

/**
 * An upstream session that has logged in and sent its first ReadyForQuery.
 *
 * @param channel    the upstream channel, auto-read off, its login handlers removed
 * @param parameters the ParameterStatus messages the server sent during login, in order
 * @param backendKey the server's BackendKeyData (for forwarding cancels); null if the server sent none
 * @param notices    NoticeResponses the server sent during login
 */
public record UpstreamConnection(
        Channel channel, List<ParameterStatus> parameters, BackendKeyData backendKey, List<NoticeResponse> notices) {
    public UpstreamConnection {
        parameters = List.copyOf(parameters);
        notices = List.copyOf(notices);
    }
}
