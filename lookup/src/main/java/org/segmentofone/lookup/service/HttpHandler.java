package org.segmentofone.lookup.service;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import org.segmentofone.lookup.api.Json;
import org.segmentofone.lookup.api.Response;
import org.segmentofone.lookup.service.Metrics.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each decoded request on its event-loop thread (the answer is a few array reads, so no
 * hand-off to a worker pool), counts it, and flushes once per read burst so pipelined requests
 * share a write.
 */
@Sharable
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);
  private static final AsciiString NO_STORE = AsciiString.cached("no-store");
  private static final AsciiString CONTENT_TYPE_OPTIONS =
      AsciiString.cached("x-content-type-options");
  private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
  private static final AsciiString GET = AsciiString.cached("GET");

  private final Router router;
  private final Metrics metrics;
  private final String keyHeader;

  HttpHandler(Router router, Metrics metrics, String keyHeader) {
    this.router = router;
    this.metrics = metrics;
    this.keyHeader = keyHeader;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long started = System.nanoTime();
    Router.Routed routed;
    boolean close = false;
    if (request.decoderResult().isFailure()) {
      // The connection's framing is unknown after a decoding error: answer, then close.
      routed = new Router.Routed(Endpoint.UNKNOWN, malformed(request.decoderResult().cause()));
      close = true;
    } else {
      routed =
          router.route(request.method().name(), request.uri(), request.headers().get(keyHeader));
    }
    Response r = routed.response();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            Unpooled.wrappedBuffer(r.body()));
    HttpHeaders h = response.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    h.set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
    h.set(CONTENT_TYPE_OPTIONS, NOSNIFF);
    if (r.status() == 405) {
      h.set(HttpHeaderNames.ALLOW, GET);
    }
    if (close) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    // HttpServerKeepAliveHandler, ahead in the pipeline, closes after a "Connection: close".
    ctx.write(response);
    metrics.record(routed.endpoint(), r.status(), System.nanoTime() - started);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A peer that resets its connection is routine under load; nothing to answer.
    LOG.debug("connection {} closed after an error", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  private static Response malformed(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return Json.error(414, "the request line is too long");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Json.error(431, "the request headers are too large");
    }
    return Json.error(400, "malformed HTTP request");
  }
}
