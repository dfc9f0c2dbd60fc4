"""A minimal WebSocket client (stdlib only): opens ws://HOST:PORT/PATH, prints the HTTP
status line, then the first text message whose JSON type is the one awaited."""
import base64, json, os, socket, sys, time

host, port, path, wanted, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
s = socket.create_connection((host, port), timeout=timeout)
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
buf = b""
while b"\r\n\r\n" not in buf:
    buf += s.recv(4096)
head, buf = buf.split(b"\r\n\r\n", 1)
print(head.split(b"\r\n")[0].decode(), flush=True)
if b" 101 " not in head.split(b"\r\n")[0]:
    sys.exit(1)
print("READY", flush=True)

def read(n):
    global buf
    while len(buf) < n:
        chunk = s.recv(4096)
        if not chunk:
            raise EOFError
        buf += chunk
    out, buf = buf[:n], buf[n:]
    return out

deadline = time.time() + timeout
while time.time() < deadline:
    b1, b2 = read(2)
    opcode, length = b1 & 0x0F, b2 & 0x7F
    if length == 126:
        length = int.from_bytes(read(2), "big")
    elif length == 127:
        length = int.from_bytes(read(8), "big")
    payload = read(length)
    if opcode == 0x9:  # ping: answer with a masked pong
        mask = os.urandom(4)
        s.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + bytes(p ^ mask[i % 4] for i, p in enumerate(payload)))
    elif opcode == 0x1:
        message = json.loads(payload)
        if message["type"] == wanted:
            print(json.dumps(message), flush=True)
            sys.exit(0)
    elif opcode == 0x8:
        print("closed", flush=True)
        sys.exit(1)
sys.exit(1)
