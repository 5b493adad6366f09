import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The configuration files of the SIP test bed (tests/support/sip.ts): Kamailio's and baresip's. */

/** Kamailio's modules, under the machine's multiarch folder (`/usr/lib/x86_64-linux-gnu/…`). */
export const KAMAILIO_MODULES =
  ['/usr/lib', ...(existsSync('/usr/lib') ? readdirSync('/usr/lib').map((d) => path.join('/usr/lib', d)) : [])]
    .map((dir) => path.join(dir, 'kamailio', 'modules'))
    .find((dir) => existsSync(path.join(dir, 'websocket.so'))) ?? '/usr/lib/x86_64-linux-gnu/kamailio/modules';
const BARESIP_MODULES = '/usr/lib/baresip/modules';

export function kamailioConfig(options: { dir: string; sipPort: number; wsPort: number; ngPort: number }): string {
  return `#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=2
tcp_children=2
auto_aliases=no
listen=udp:127.0.0.1:${options.sipPort}
listen=tcp:127.0.0.1:${options.wsPort}
tcp_accept_no_cl=yes
mpath="${KAMAILIO_MODULES}/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "xhttp.so"
loadmodule "websocket.so"
loadmodule "nathelper.so"
loadmodule "rtpengine.so"
loadmodule "ctl.so"
modparam("ctl", "binrpc", "unix:${options.dir}/kamailio_ctl")
modparam("usrloc", "db_mode", 0)
modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")
modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:${options.ngPort}")

request_route {
  xlog("L_INFO", "request $rm $proto $ru\n");
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (nat_uac_test("64")) {
    force_rport();
    if (is_method("REGISTER")) fix_nated_register(); else set_contact_alias();
  }
  if (has_totag()) {
    if (loose_route()) {
      handle_ruri_alias();
      if (is_method("BYE")) rtpengine_delete();
      else if (has_body("application/sdp")) route(MEDIA);
      t_on_reply("REPLY");
      t_relay();
      exit;
    }
    if (is_method("ACK")) { if (t_check_trans()) t_relay(); exit; }
    sl_send_reply("404", "Not here"); exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) { rtpengine_delete(); t_relay(); } exit; }
  if (is_method("REGISTER")) { save("location"); exit; }
  record_route();
  if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
  if (is_method("INVITE") && has_body("application/sdp")) route(MEDIA);
  t_on_reply("REPLY");
  t_on_failure("FAILED");
  t_relay();
  exit;
}

# The browser's leg speaks WebRTC (ICE, DTLS-SRTP, rtcp-mux); the phones speak plain RTP.
route[MEDIA] {
  if ($proto =~ "ws") {
    rtpengine_manage("replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux");
  } else {
    rtpengine_manage("replace-origin replace-session-connection ICE=force RTP/SAVPF rtcp-mux-offer");
  }
}

onreply_route[REPLY] {
  xlog("L_INFO", "reply $rs $proto\n");
  if (has_body("application/sdp")) {
    if ($proto =~ "ws") {
      rtpengine_manage("replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux");
    } else {
      rtpengine_manage("replace-origin replace-session-connection ICE=force RTP/SAVPF rtcp-mux-require");
    }
  }
}

failure_route[FAILED] {
  rtpengine_delete();
}

event_route[xhttp:request] {
  if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {
    if (ws_handle_handshake()) exit;
  }
  xhttp_reply("404", "Not Found", "", "");
}
`;
}

export interface Phone {
  users: string[];
  busy?: boolean;
  ctrlPort: number;
}

export function baresipConfig(dir: string, sipPort: number, sipDomainPort: number, phone: Phone): void {
  mkdirSync(dir, { recursive: true });
  const modules = ['g711.so', 'ausine.so', 'aufile.so'];
  modules.push('menu.so', 'ctrl_tcp.so');
  writeFileSync(
    path.join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${sipPort}`,
      `module_path ${BARESIP_MODULES}`,
      ...modules.map((module) => `module ${module}`),
      `module_app account.so`,
      'audio_source ausine,440',
      'ausrc_srate 48000',
      'auplay_srate 48000',
      'ausrc_channels 2',
      'auplay_channels 2',
      `audio_player aufile,${path.join(dir, 'heard.wav')}`,
      'audio_alert aufile,/dev/null',
      'call_max_calls 4',
      'net_interface 127.0.0.1',
      ...(phone.ctrlPort ? [`ctrl_tcp_listen 127.0.0.1:${phone.ctrlPort}`] : []),
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'accounts'),
    phone.users
      .map(
        (user) => `<sip:${user}@127.0.0.1:${sipDomainPort};transport=udp>;auth_pass=none;answermode=manual;regint=600`,
      )
      .join('\n') + '\n',
  );
}
