"""Sixteen clients create a network of the same name at the same moment:
exactly one gets 201, the other fifteen Docker's 409, and one network of
that name exists.  Then sixteen different names at once: all succeed,
each with its own subnet."""

import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sl_e2e  # noqa: E402

CLIENTS = 16
ROUNDS = 5

tap = sl_e2e.Tap()
d = sl_e2e.Daemon(tap)
d.start()
sl_e2e.require_networks(tap, d)


def race(bodies):
    """POST each body from its own thread and connection, released together."""
    barrier = threading.Barrier(len(bodies))
    results = [None] * len(bodies)

    def worker(i):
        conn = sl_e2e.UnixHTTPConnection(d.sock)
        conn.connect()
        barrier.wait()
        conn.request("POST", "/v1.47/networks/create", body=bodies[i],
                     headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        results[i] = (resp.status, resp.read())
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


for r in range(ROUNDS):
    name = f"race-{r}"
    results = race([f'{{"Name":"{name}"}}'] * CLIENTS)
    codes = sorted(s for s, _ in results)
    tap.eq(f"round {r}: one 201 and {CLIENTS - 1} 409", codes, [201] + [409] * (CLIENTS - 1))
    msgs = {b for s, b in results if s == 409}
    tap.eq(f"round {r}: the 409s carry Docker's message", msgs,
           {f'{{"message":"network with name {name} already exists"}}\n'.encode()})
    status, body, _, _ = d.request("GET", "/v1.47/networks?filters=" +
                                   f'%7B%22name%22%3A%5B%22%5E{name}%24%22%5D%7D')
    tap.eq(f"round {r}: one network of that name", (status, len(body)), (200, 1))

results = race([f'{{"Name":"many-{i}"}}' for i in range(CLIENTS)])
tap.eq("sixteen names at once: all created", sorted(s for s, _ in results), [201] * CLIENTS)
status, body, _, _ = d.request("GET", "/v1.47/networks?filters=%7B%22name%22%3A%5B%22many-%22%5D%7D")
subnets = {n["IPAM"]["Config"][0]["Subnet"] for n in body}
tap.eq("sixteen names at once: sixteen different subnets", len(subnets), CLIENTS)
tap.done = True
