package io.hoopgw.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket implementation: native epoll where Netty's native library loads (Linux), NIO elsewhere.
 *
 * @param name              for logs: "epoll" or "nio"
 * @param ioHandlerFactory  the event loops' I/O handler
 * @param serverChannelType the listening socket class
 * @param channelType       the connected socket class, for upstream connections
 */
record GatewayTransport(String name, IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerChannel> serverChannelType, Class<? extends SocketChannel> channelType) {

    /** Epoll when available, else NIO. */
    static GatewayTransport best() {
        if (Epoll.isAvailable()) {
            return new GatewayTransport("epoll", EpollIoHandler.newFactory(),
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new GatewayTransport("nio", NioIoHandler.newFactory(),
                NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** Event loops for {@code threads} threads, named for thread dumps. */
    EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("hoopgw-io", true),
                ioHandlerFactory);
    }
}
