package org.segmentofone.lookup.service;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty HTTP/1.1 server: native epoll on Linux (NIO elsewhere), one event loop per core, a
 * pipeline of idle timeout, codec with request-size limits, keep-alive handling, aggregation of
 * (tiny) GET requests, and the {@link HttpHandler}.
 */
final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  // GET requests carry no body worth reading; a bigger one is refused with 413.
  private static final int MAX_BODY_BYTES = 8192;

  private final EventLoopGroup group;
  private final Channel channel;

  HttpServer(LookupConfig.ServerConfig cfg, HttpHandler handler) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    int threads =
        cfg.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : cfg.ioThreads();
    group =
        new MultiThreadIoEventLoopGroup(
            threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    long idleMillis = cfg.idleTimeout().toMillis();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                        .addLast(
                            new HttpServerCodec(
                                cfg.maxInitialLineBytes(), cfg.maxHeaderBytes(), MAX_BODY_BYTES))
                        .addLast(new HttpServerKeepAliveHandler())
                        .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                        .addLast(handler);
                  }
                });
    try {
      channel = bootstrap.bind(cfg.host(), cfg.port()).sync().channel();
    } catch (InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    } catch (Exception e) {
      // sync() rethrows the bind's cause as is, checked or not (an address in use).
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException(
          "cannot listen on " + cfg.host() + ":" + cfg.port() + ": " + e.getMessage(), e);
    }
    LOG.info(
        "listening on {} ({} transport, {} event loops)",
        channel.localAddress(),
        epoll ? "epoll" : "nio",
        threads);
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
