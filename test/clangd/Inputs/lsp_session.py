"""Drives a language server over stdin/stdout as an editor does: initialize,
open one file, wait for its diagnostics, ask for the code actions at each,
shut down. Prints what an editor would show, one line per item:

  diagnostic LINE:COL SEVERITY SOURCE CODE: MESSAGE
  related LINE:COL: MESSAGE
  action KIND "TITLE" LINE:COL-LINE:COL => "NEW TEXT"

Lines and columns are 1-based, as in compiler output.

usage: lsp_session.py FILE [--timeout S] -- SERVER ARGS...
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import queue


class Server:
    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method,
                   "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id, timeout)["result"]

    def wait(self, wanted, timeout):
        while True:
            message = self.messages.get(timeout=timeout)
            if message is None:
                sys.exit("the server stopped")
            if wanted(message):
                return message


def position(p):
    return f"{p['line'] + 1}:{p['character'] + 1}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("server", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.server[1:] if args.server[:1] == ["--"] else args.server

    path = os.path.abspath(args.file)
    uri = "file://" + path
    server = Server(command)
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": "file://" + os.path.dirname(path),
        "capabilities": {"textDocument": {
            "publishDiagnostics": {"relatedInformation": True},
            "codeAction": {"codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix"]}}}}},
    }, args.timeout)
    server.notify("initialized", {})
    with open(path) as source:
        text = source.read()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "c", "version": 1, "text": text}})
    published = server.wait(
        lambda m: m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri, args.timeout)

    severities = {1: "error", 2: "warning", 3: "information", 4: "hint"}
    for diagnostic in published["params"]["diagnostics"]:
        print(f"diagnostic {position(diagnostic['range']['start'])} "
              f"{severities[diagnostic.get('severity', 1)]} "
              f"{diagnostic.get('source', '')} {diagnostic.get('code', '')}: "
              f"{diagnostic['message']}")
        for related in diagnostic.get("relatedInformation", []):
            print(f"related {position(related['location']['range']['start'])}: "
                  f"{related['message']}")
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        }, args.timeout)
        for action in actions or []:
            for edit in action.get("edit", {}).get("changes", {}).get(uri, []):
                r = edit["range"]
                print(f"action {action.get('kind', '')} \"{action['title']}\" "
                      f"{position(r['start'])}-{position(r['end'])} => "
                      f"\"{edit['newText']}\"")
    server.request("shutdown", None, args.timeout)
    server.notify("exit", None)
    server.process.wait(timeout=args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
