package dev.tokenstarter.core.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 where connecting times out: a server socket that never accepts, whose accept queue
 * is full, so that the kernel ignores further connection attempts as it would under load or behind a
 * firewall that drops packets.
 *
 * @author token-starter
 */
public final class FullBacklogPort implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> queued = new ArrayList<>();

	private FullBacklogPort() throws IOException {
		this.serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		for (int i = 0; i < 8; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(this.serverSocket.getLocalSocketAddress(), 200);
				this.queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return;
			}
		}
		throw new IllegalStateException("The accept queue of port " + this.serverSocket.getLocalPort()
				+ " never filled up; connections to it would not time out");
	}

	/**
	 * Open a port whose accept queue is full.
	 * @return the port
	 */
	public static FullBacklogPort open() throws IOException {
		return new FullBacklogPort();
	}

	/**
	 * Return the URI of a path on this port.
	 * @param path the path
	 * @return the URI
	 */
	public String uri(String path) {
		return "http://127.0.0.1:" + this.serverSocket.getLocalPort() + path;
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.queued) {
			socket.close();
		}
		this.serverSocket.close();
	}

}
