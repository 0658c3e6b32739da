package io.hoopgw.server.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLSession;

/**
 * A real TLS echo server on 127.0.0.1 (NIO, ephemeral port) and a client that connects to it with a handler the
 * test makes. Handshakes here run the JDK's TLS stack end to end over a socket, which an EmbeddedChannel cannot.
 */
final class LoopbackTls implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    /** What a client saw: the session when the handshake succeeded, else the failure. */
    record Outcome(SSLSession session, String echoed, Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    LoopbackTls(SslContext serverContext) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(serverContext.newHandler(ch.alloc()), new Echo());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connects with the handler {@code tls} makes, handshakes, and on success sends "ping" and waits for the echo. */
    Outcome connect(Function<Channel, SslHandler> tls) throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        // Kept from the initializer: a handshake that fails fast closes the channel and empties its pipeline.
        AtomicReference<SslHandler> installed = new AtomicReference<>();
        Channel client = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler handler = tls.apply(ch);
                        installed.set(handler);
                        ch.pipeline().addLast(handler, new Collect(echoed));
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port())).sync().channel();
        try {
            SslHandler handler = installed.get();
            Future<Channel> handshake = handler.handshakeFuture();
            if (!handshake.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("handshake did not finish");
            }
            if (!handshake.isSuccess()) {
                return new Outcome(null, null, handshake.cause());
            }
            client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII)).sync();
            String reply = echoed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Outcome(handler.engine().getSession(), reply, null);
        } finally {
            client.close().sync();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Writes back whatever it reads; the write takes over the buffer. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Completes with the first bytes read (which it releases) as text. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> result;

        Collect(CompletableFuture<String> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                result.complete(bytes.toString(StandardCharsets.US_ASCII));
            } finally {
                bytes.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
