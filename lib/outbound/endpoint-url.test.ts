import { test } from "node:test";
import assert from "node:assert/strict";
import { addressProblem, endpointUrlProblem } from "./endpoint-url";

const STRICT = { allowLoopback: false };
const DEV = { allowLoopback: true };

test("https to public names and addresses; nothing else without OUTBOUND_ALLOW_LOOPBACK", () => {
  assert.equal(endpointUrlProblem("https://ehr.example.org/hooks/sleep", STRICT), null);
  assert.equal(endpointUrlProblem("https://93.184.215.14/in", STRICT), null);
  assert.equal(endpointUrlProblem("https://[2606:4700:4700::1111]/in", STRICT), null);
  assert.match(endpointUrlProblem("http://ehr.example.org/in", STRICT)!, /https/);
  assert.match(endpointUrlProblem("http://127.0.0.1:8080/in", STRICT)!, /loopback/);
  assert.match(endpointUrlProblem("https://localhost/in", STRICT)!, /this machine/);
  assert.match(endpointUrlProblem("https://api.localhost./in", STRICT)!, /this machine/);
  assert.match(endpointUrlProblem("ftp://x.org/", STRICT)!, /https/);
  assert.match(endpointUrlProblem("https://user:pw@x.org/", STRICT)!, /credentials/);
  assert.match(endpointUrlProblem("not a url", STRICT)!, /Not a URL/);
});

test("with OUTBOUND_ALLOW_LOOPBACK: this machine, over http too; still nothing else private", () => {
  assert.equal(endpointUrlProblem("http://127.0.0.1:8080/in", DEV), null);
  assert.equal(endpointUrlProblem("http://localhost/in", DEV), null);
  assert.equal(endpointUrlProblem("http://[::1]:9000/", DEV), null);
  assert.equal(endpointUrlProblem("https://127.1/", DEV), null);
  assert.match(endpointUrlProblem("http://ehr.example.org/in", DEV)!, /https/);
  assert.match(endpointUrlProblem("http://127.0.0.1.nip.io/in", DEV)!, /https/);
  assert.match(endpointUrlProblem("https://10.0.0.5/in", DEV)!, /private/);
  assert.match(endpointUrlProblem("https://169.254.169.254/", DEV)!, /link-local/);
});

test("the metadata service, private, CGNAT, link-local and unspecified addresses, in every spelling", () => {
  const refused = [
    "https://169.254.169.254/latest/meta-data/",
    "https://2852039166/", // decimal
    "https://0xa9fea9fe/", // hex
    "https://0xA9.0xFE.0xA9.0xFE/",
    "https://0251.0376.0251.0376/", // octal
    "https://169.254.43518/", // short form
    "https://169.254.169.254./", // trailing dot
    "https://[::ffff:a9fe:a9fe]/", // IPv4-mapped IPv6
    "https://[::ffff:169.254.169.254]/",
    "https://[0:0:0:0:0:ffff:a9fe:a9fe]/",
    "https://[fd00:ec2::254]/", // AWS's IPv6 metadata service
    "https://[64:ff9b::a9fe:a9fe]/", // NAT64 of it
    "https://[::a9fe:a9fe]/", // IPv4-compatible
    "https://10.1.2.3/",
    "https://012.1.2.3/",
    "https://172.16.0.1/",
    "https://172.31.255.254/",
    "https://192.168.1.1/",
    "https://3232235777/", // 192.168.1.1
    "https://100.64.0.1/",
    "https://100.127.255.254/",
    "https://169.254.0.1/",
    "https://[fe80::1]/",
    "https://0.0.0.0/",
    "https://0/",
    "https://[::]/",
    "https://[::ffff:0.0.0.0]/",
    "https://[fc00::1]/",
    "https://224.0.0.1/",
    "https://255.255.255.255/",
    "https://240.0.0.1/",
    "https://127.0.0.1/",
    "https://0x7f.1/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
  ];
  for (const url of refused) {
    const problem = endpointUrlProblem(url, STRICT);
    assert.ok(problem, `${url} must be refused`);
    assert.match(problem, /address|machine/, url);
  }
  // With the loopback setting, loopback passes; the rest is still refused.
  for (const url of refused.filter((u) => !/127\.0\.0\.1|0x7f|\[::1\]/.test(u))) assert.ok(endpointUrlProblem(url, DEV), `${url} must be refused even with OUTBOUND_ALLOW_LOOPBACK`);
  assert.match(endpointUrlProblem("https://2852039166/", STRICT)!, /169\.254\.169\.254 is a link-local address/);
});

test("addresses as DNS answers them", () => {
  assert.equal(addressProblem("93.184.215.14", STRICT), null);
  assert.equal(addressProblem("2606:4700:4700::1111", STRICT), null);
  assert.match(addressProblem("10.0.0.5", STRICT)!, /private/);
  assert.match(addressProblem("::ffff:10.0.0.5", STRICT)!, /private/);
  assert.match(addressProblem("127.0.0.1", STRICT)!, /OUTBOUND_ALLOW_LOOPBACK/);
  assert.equal(addressProblem("127.0.0.1", DEV), null);
  assert.equal(addressProblem("::1", DEV), null);
  assert.match(addressProblem("100.100.100.200", DEV)!, /carrier-grade NAT/);
  assert.match(addressProblem("fd00:ec2::254", DEV)!, /fc00::\/7/);
  assert.match(addressProblem("2001:db8::1", STRICT)!, /reserved/);
});
