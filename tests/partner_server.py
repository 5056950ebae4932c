#!/usr/bin/env python3
"""A partner's token endpoint on 127.0.0.1 for keysmith's `token get` tests.

Speaks the seed protocols over HTTPS (certificates in testdata/token/):
  POST /paymentsgate/auth/token   {account_id, public_key} -> access + refresh, expires_in 3600
  GET  /m2m/authorize             Basic over mutual TLS -> JWT with a thumbprint claim, "expires_in": "300"
  POST /merchant/login            merchant_id header, {token, password} -> {"data": {..., expiresIn absolute}}
  POST /merchant/refresh          {refreshToken}; each refresh token works once (rotation)
  POST /stamps/get-access-token/  {token, crm_merchant_id} -> access_token, expires_in
  POST /oauth/token               client credentials form + Basic; a wrong secret -> invalid_client
  GET  /api/hello                 needs a token this server issued (Bearer or Token)
Every request is appended to DIR/requests.log (one JSON object a line). Before each
request DIR/control.json is read: {"status": 503, "redirect": "URL", "stall": SECONDS,
"thumbprint": "wrong"} makes it fail, redirect, stall or name another certificate.
Prints the port on the first line of stdout.
Arguments: DIR [SERVER_CERT [require-client-cert]]; with the third, the TLS handshake
itself refuses a client without a certificate (CERT_REQUIRED) instead of a 401.
"""
import base64, hashlib, http.server, json, os, ssl, sys, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
CERTS = os.path.join(HERE, "..", "testdata", "token")
DIR = sys.argv[1]
SERVER_CERT = sys.argv[2] if len(sys.argv) > 2 else "server.pem"
REQUIRE_CLIENT_CERT = len(sys.argv) > 3 and sys.argv[3] == "require-client-cert"
LOCK = threading.Lock()
STATE = {"n": 0, "issued": set(), "refresh": set()}
PASSWORD = "s3cret-pa55word"


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(claims):
    header = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    return f"{header}.{payload}.{b64url(b'not-a-real-signature')}"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def new_token(self, prefix):
        with LOCK:
            STATE["n"] += 1
            token = f"{prefix}-{STATE['n']}"
            STATE["issued"].add(token)
            return token

    def basic_ok(self, user):
        expected = "Basic " + base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
        return self.headers.get("Authorization") == expected

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        cert = self.connection.getpeercert(binary_form=True)
        with LOCK, open(os.path.join(DIR, "requests.log"), "a") as log:
            log.write(json.dumps({
                "method": method, "path": self.path, "body": raw.decode("utf-8", "replace"),
                "authorization": self.headers.get("Authorization"),
                "merchant_id": self.headers.get("merchant_id"),
                "client_cert": bool(cert),
            }) + "\n")
        try:
            with open(os.path.join(DIR, "control.json")) as f:
                control = json.load(f)
        except (OSError, ValueError):
            control = {}
        if control.get("stall"):
            time.sleep(control["stall"])
        if control.get("redirect"):
            return self.answer(302, b"", [("Location", control["redirect"])])
        if control.get("status"):
            return self.answer(control["status"], control.get("body", {"message": "failing on demand"}))
        path = self.path.split("?")[0]
        body = {}
        if raw and self.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(raw)
        if path == "/paymentsgate/auth/token":
            if not body.get("account_id") or not body.get("public_key", "").startswith("LS0tLS1CRUdJTiBQVUJMSUMgS0VZ"):
                return self.answer(400, {"error": "invalid_request", "error_description": "account_id and public_key required"})
            return self.answer(200, {"access_token": self.new_token("pg"), "refresh_token": self.new_token("pgr"), "expires_in": 3600})
        if path == "/m2m/authorize":
            if not cert:
                return self.answer(401, {"errors": [{"code": "CERTIFICATE_REQUIRED", "message": "client certificate required"}]})
            if not self.basic_ok("client-42"):
                return self.answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": {"message": "bad credentials"}}]})
            thumb = hashlib.sha1(cert).hexdigest().upper()
            if control.get("thumbprint") == "wrong":
                thumb = "00" * 20
            token = jwt({"sub": "client-42", "thumbprint": thumb, "n": self.new_token("m2m")})
            with LOCK:
                STATE["issued"].add(token)
            return self.answer(200, {"access_token": token, "expires_in": "300"})
        if path == "/merchant/login":
            if self.headers.get("merchant_id") != "b34555b7-dca4-5ec1-ade3-64a3ad545310":
                return self.answer(400, {"message": "merchant_id header required"})
            if body.get("password") != PASSWORD:
                return self.answer(401, {"message": "Invalid email or password\u001b[31m"})
            return self.merchant_tokens()
        if path == "/merchant/refresh":
            rt = body.get("refreshToken")
            with LOCK:
                known = rt in STATE["refresh"]
                STATE["refresh"].discard(rt)
            if not known:
                return self.answer(401, {"name": "TokenExpiredError", "message": "jwt expired", "errors": [{"code": "REFRESH_TOKEN_EXPIRED"}]})
            return self.merchant_tokens()
        if path == "/stamps/get-access-token/":
            if body.get("token") != PASSWORD:
                return self.answer(403, {"detail": "bad token"})
            return self.answer(200, {"access_token": self.new_token("st"), "expires_in": 3600})
        if path == "/oauth/token":
            form = urllib.parse.parse_qs(raw.decode())
            if form.get("grant_type") != ["client_credentials"] or not self.basic_ok("my-client"):
                return self.answer(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
            return self.answer(200, {"access_token": self.new_token("oa"), "token_type": "Bearer", "expires_in": 3600})
        if path == "/api/hello":
            auth = self.headers.get("Authorization", "")
            scheme, _, token = auth.partition(" ")
            with LOCK:
                ok = token in STATE["issued"]
            return self.answer(200 if ok else 401, {"hello": "world"} if ok else {"message": "who are you"})
        return self.answer(404, {"message": "no such endpoint"})

    def merchant_tokens(self):
        access, refresh = self.new_token("ma"), self.new_token("mr")
        with LOCK:
            STATE["refresh"].add(refresh)
        return self.answer(200, {"data": {"accessToken": access, "refreshToken": refresh, "expiresIn": int(time.time()) + 1800}})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def get_request(self):
        sock, addr = self.socket.accept()
        return sock, addr

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the request's thread, so a stalled client
        # does not block the others.
        try:
            tls = CONTEXT.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        self.RequestHandlerClass(tls, client_address, self)


CONTEXT = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
CONTEXT.load_cert_chain(os.path.join(CERTS, SERVER_CERT), os.path.join(CERTS, "server.key.pem"))
CONTEXT.load_verify_locations(os.path.join(CERTS, "ca.pem"))
CONTEXT.verify_mode = ssl.CERT_REQUIRED if REQUIRE_CLIENT_CERT else ssl.CERT_OPTIONAL

server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
