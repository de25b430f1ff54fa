package io.vellum.bench;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestBodyReader;
import io.vellum.server.http.RequestIds;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.http.RoutedRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP servers whose floor {@link HttpFloorComparison} measures, each with the same trivial handler: read the
 * whole request body, answer 200 with the size and headers of the Session API's answer to an {@code
 * ExecuteStatement} (a 160-byte JSON body; {@code Content-Type}, {@code x-amzn-RequestId}, {@code Date},
 * {@code Content-Length}). Run as its own process, {@code HttpFloorServers <kind> <port>}, so that its CPU time is
 * its own. Kinds:
 * <ul>
 *   <li>{@code jetty-vellum}: Jetty exactly as {@code vellum serve} configures it ({@link VellumServer#jetty}),
 *       the body read as the server reads it ({@link RequestBodyReader}) and the answer written as it writes one;</li>
 *   <li>{@code jetty-vellum-r0}: the same without Jetty's reserved threads (every request handed from the
 *       selector to a pooled worker, none run by the selector thread while another takes over selecting);
 *       {@code jetty-vellum-r8} with 8 of them; {@code jetty-vellum-s2} with two selectors instead of one;</li>
 *   <li>{@code jetty-virtual}: jetty-vellum with Jetty running blocking handlers on virtual threads (needs a Java 21 or
 *       later JVM for the servers: {@code -Dvellum.serverJava=<java>});</li>
 *   <li>{@code jetty-lean}: Jetty with the least it needs: no graceful-stop wrapper, no Date header, no reserved
 *       threads, one selector, the same blocking handler;</li>
 *   <li>{@code jetty-inline}: jetty-lean with a non-blocking handler, answered on the selector thread (no hand-off;
 *       a handler that blocks would stall the selector's other connections);</li>
 *   <li>{@code netty}: Netty 4.2, NIO, one event loop per core, answered on the event loop (no hand-off);</li>
 *   <li>{@code netty-offload}: the same with the answer built on a worker pool and written back through the event
 *       loop, as a server whose handlers block must;</li>
 *   <li>{@code blocking}: no HTTP library: one thread per connection blocked in {@code read}, the request read with
 *       {@link HttpWire} and the answer written with one {@code write} (the kernel wakes the thread that serves the
 *       connection: no selector, no hand-off, no head-of-line blocking between connections);</li>
 *   <li>{@code vellum-front}: Vellum's own front ({@code vellum serve --http-front threads}, one platform thread
 *       per connection, {@link VellumServer#front}): the blocking floor with a hardened HTTP/1.1 parser, limits and
 *       the server's answer writer;</li>
 *   <li>{@code blocking-virtual}: the same with a virtual thread per connection (Java 21 or later, see
 *       jetty-virtual);</li>
 *   <li>{@code jdk}: the JDK's {@code com.sun.net.httpserver} with a pool of 32 worker threads and TCP_NODELAY.</li>
 * </ul>
 */
public final class HttpFloorServers {
    /** The size of the Session API's answer to the transfer's UPDATE, with the same shape. */
    static final byte[] ANSWER = ("{\"ExecuteStatement\":{\"FirstPage\":{\"Values\":[{\"IonBinary\":\"4AEA6tmKi8uK"
            + "CGRvY3VtZW50SWSLFkpIY1ZaTU40bjV4M1hrOHFZdDJCaEw=\"}]},\"TimingInformation\":{\"ProcessingTimeMilliseconds"
            + "\":0},\"ConsumedIOs\":{\"ReadIOs\":1}}}").getBytes(StandardCharsets.UTF_8);
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final HttpField JETTY_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    private static final int WORKERS = 32;

    private HttpFloorServers() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        switch (kind) {
            case "jetty-vellum" -> jettyAsVellum(port, -1, 0).start();
            case "jetty-vellum-r0" -> jettyAsVellum(port, 0, 0).start();
            case "jetty-vellum-r8" -> jettyAsVellum(port, 8, 0).start();
            case "jetty-vellum-s2" -> jettyAsVellum(port, -1, 2).start();
            case "jetty-virtual" -> jettyOnVirtualThreads(port).start();
            case "jetty-lean" -> jettyLean(port, Handler.Abstract.InvocationType.BLOCKING).start();
            case "jetty-inline" -> jettyLean(port, Handler.Abstract.InvocationType.NON_BLOCKING).start();
            case "netty" -> netty(port, null);
            case "netty-offload" -> netty(port, Executors.newFixedThreadPool(WORKERS));
            case "jdk" -> jdk(port);
            case "blocking" -> blocking(port, false);
            case "vellum-front" -> vellumFront(port);
            case "blocking-virtual" -> blocking(port, true);
            default -> throw new IllegalArgumentException("unknown server kind " + kind);
        }
        System.out.println("listening on " + port);
        Thread.currentThread().join();
    }

    /**
     * Vellum's Jetty; {@code reservedThreads} -1 keeps Jetty's default (Vellum's), 0 turns them off; {@code selectors}
     * 0 keeps Jetty's default (Vellum's: one on 2 cores).
     */
    private static Server jettyAsVellum(int port, int reservedThreads, int selectors) throws Exception {
        ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("http-floor")).withPort(port);
        Server jetty = VellumServer.jetty(config, new TrivialHandler(Handler.Abstract.InvocationType.BLOCKING));
        ((QueuedThreadPool) jetty.getThreadPool()).setReservedThreads(reservedThreads);
        if (selectors > 0) {
            ServerConnector vellums = (ServerConnector) jetty.getConnectors()[0];
            ServerConnector connector = new ServerConnector(jetty, -1, selectors,
                    vellums.getConnectionFactories().toArray(new org.eclipse.jetty.server.ConnectionFactory[0]));
            connector.setHost(vellums.getHost());
            connector.setPort(port);
            connector.setIdleTimeout(vellums.getIdleTimeout());
            jetty.setConnectors(new org.eclipse.jetty.server.Connector[] {connector});
        }
        return jetty;
    }

    /** Vellum's Jetty with a virtual-thread executor, found by reflection so that this compiles for Java 17. */
    private static Server jettyOnVirtualThreads(int port) throws Exception {
        Server jetty = jettyAsVellum(port, -1, 0);
        java.util.concurrent.Executor virtualThreads = (java.util.concurrent.Executor) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        ((QueuedThreadPool) jetty.getThreadPool()).setVirtualThreadsExecutor(virtualThreads);
        return jetty;
    }

    private static Server jettyLean(int port, Handler.Abstract.InvocationType invocation) {
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setReservedThreads(0);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setHandler(new TrivialHandler(invocation));
        return jetty;
    }

    /** Answers as {@code vellum serve} answers an ExecuteStatement; refuses with the message as the body. */
    private static final RoutedRequest TRIVIAL_ROUTE = new RoutedRequest() {
        @Override
        public HttpResponse handle(byte[] body) {
            return new HttpResponse(200, Map.of("Content-Type", CONTENT_TYPE), ANSWER);
        }

        @Override
        public HttpResponse refuse(int status, String type, String message) {
            return HttpResponse.of(status, CONTENT_TYPE, message);
        }
    };

    /**
     * Vellum's own front exactly as {@code vellum serve --http-front threads} builds it ({@link VellumServer#front}),
     * with routes that answer every request as the Session API answers an ExecuteStatement.
     */
    private static void vellumFront(int port) throws Exception {
        ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("http-floor")).withPort(port);
        RequestRoutes routes = (method, rawPath, decodedPath, rawQuery, headers) -> TRIVIAL_ROUTE;
        VellumServer.front(config, routes, null);
    }

    /** Reads the body as {@code vellum serve} does and answers as it answers an ExecuteStatement. */
    private static final class TrivialHandler extends Handler.Abstract {
        TrivialHandler(InvocationType invocation) {
            super(invocation);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            new RequestBodyReader(request, 1 << 20, ConnectionLimits.defaults(), TRIVIAL_ROUTE,
                    body -> answer(response, callback)).start();
            return true;
        }

        private static void answer(Response response, Callback callback) {
            response.setStatus(200);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(JETTY_CONTENT_TYPE);
            headers.put(RequestIds.HEADER, RequestIds.next());
            headers.put(HttpHeader.CONTENT_LENGTH, ANSWER.length);
            response.write(true, ByteBuffer.wrap(ANSWER), callback);
        }
    }

    private static void netty(int port, ExecutorService workers) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        new ServerBootstrap().group(boss, loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new NettyHandler(workers));
                    }
                }).bind("127.0.0.1", port).sync();
    }

    private static final class NettyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ExecutorService workers;

        NettyHandler(ExecutorService workers) {
            this.workers = workers;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (workers == null) {
                context.writeAndFlush(response(keepAlive));
            } else {
                workers.execute(() -> context.writeAndFlush(response(keepAlive)));
            }
        }

        private static FullHttpResponse response(boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(ANSWER));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .set(RequestIds.HEADER, RequestIds.next())
                    .set(HttpHeaderNames.DATE, HttpDate.now())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, ANSWER.length);
            HttpUtil.setKeepAlive(response, keepAlive);
            return response;
        }
    }

    private static void jdk(int port) throws java.io.IOException {
        // Without it the server's small writes wait for the client's delayed ACK (~40 ms per request).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(Executors.newFixedThreadPool(WORKERS));
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().putAll(Map.of("Content-Type", java.util.List.of(CONTENT_TYPE),
                    RequestIds.HEADER, java.util.List.of(RequestIds.next())));
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
    }

    /** @param virtual a virtual thread per connection (Java 21 or later) instead of a platform thread */
    private static void blocking(int port, boolean virtual) throws java.io.IOException {
        java.net.ServerSocket listener = new java.net.ServerSocket(port, 128, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    java.net.Socket connection = listener.accept();
                    connection.setTcpNoDelay(true);
                    Runnable serving = () -> serve(connection);
                    if (virtual) {
                        startVirtual(serving);
                    } else {
                        Thread thread = new Thread(serving, "blocking-connection");
                        thread.setDaemon(true);
                        thread.start();
                    }
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "blocking-acceptor");
        acceptor.start();
    }

    /** {@code Thread.ofVirtual().start(task)}, by reflection so that this compiles for Java 17. */
    private static void startVirtual(Runnable task) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class).invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need Java 21 or later", e);
        }
    }

    private static void serve(java.net.Socket connection) {
        try (connection) {
            HttpWire in = new HttpWire(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + CONTENT_TYPE + "\r\n" + RequestIds.HEADER + ": ")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\nContent-Length: " + ANSWER.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            while (in.readRequest()) {
                byte[] id = RequestIds.next().getBytes(StandardCharsets.US_ASCII);
                byte[] date = ("\r\nDate: " + HttpDate.now()).getBytes(StandardCharsets.US_ASCII);
                ByteBuffer answer = ByteBuffer.allocate(head.length + id.length + date.length + tail.length
                        + ANSWER.length);
                answer.put(head).put(id).put(date).put(tail).put(ANSWER);
                out.write(answer.array());
            }
        } catch (java.io.IOException e) {
            // the client went away
        }
    }

    /** The HTTP Date, formatted at most once a second (as Jetty and Netty's own servers cache it). */
    private static final class HttpDate {
        private static volatile long second;
        private static volatile String text = "";

        static String now() {
            long now = System.currentTimeMillis() / 1000;
            if (now != second) {
                text = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC));
                second = now;
            }
            return text;
        }
    }
}
