# The peer's fixed-point algorithm (src/conversion-solver.ts and src/safe-calcs.ts at commit 6f188de),
# re-done in exact fractions (no binary floats), run on every case of cases.json without a YC 7%
# SAFE, in both modes. It agrees with the peer's own figures on every one of them, so the
# peer's results are not artefacts of its float arithmetic.  Usage: python3 exact_port.py
import json, math, os
from fractions import Fraction as Fr
d=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases.json')))['cases']
def ceilp(x, places):
    if places < 0: return x
    f=10**places; return Fr(math.ceil(x*f), f)
def conv_price(s, pre, post, pps):
    disc=(1-Fr(str(s.get('discount',0) or 0)))*pps
    cap=s.get('cap',0) or 0
    if cap==0: return disc
    return min(disc, Fr(cap)/(pre if s['conversionType']=='pre' else post))
def mfn(safes, pre, post, pps):
    out=[]
    for i,s in enumerate(safes):
        if 'mfn' not in s.get('sideLetters',[]): out.append(s); continue
        best=None
        for l in safes[i+1:]:
            if 'mfn' in l.get('sideLetters',[]): continue
            p=conv_price({**l,'conversionType':'post'},pre,post,pps)
            if best is None or p<best[1]: best=(l,p)
        out.append(s if best is None else {**s,'cap':best[0].get('cap',0),'discount':best[0].get('discount',0),'conversionType':'post'})
    return out
def attempt(T, inp, C, U, places):
    tgt=Fr(str(inp['targetOptionsPct']))
    opts=max(U, math.floor(T*tgt)); add=opts-U
    I=sum(s['investment'] for s in inp['seriesInvestors'])
    pps=ceilp(Fr(inp['preMoneyValuation']+I, T), places)
    ser=[math.floor(s['investment']/pps) for s in inp['seriesInvestors']]
    pre=C+opts; post=T-sum(ser)-add
    safes=mfn(inp['safes'],pre,post,pps)
    sh=[math.floor(s['investment']/ceilp(conv_price(s,pre,post,pps),places)) for s in safes]
    tot=C+opts+sum(sh)+sum(ser)
    return tot, dict(pps=pps, ser=ser, sh=sh, opts=opts)
def solve(inp, places):
    C=sum(h['shares'] for h in inp['common'] if h.get('commonType')!='unusedOptions')
    U=sum(h['shares'] for h in inp['common'] if h.get('commonType')=='unusedOptions')
    I=sum(s['investment'] for s in inp['seriesInvestors']); V=inp['preMoneyValuation']
    tgt=Fr(str(inp['targetOptionsPct']))
    cand=max(C+U, math.floor((C+U)/(1-tgt-Fr(I,V+I))))
    seen=set(); a=None
    while cand not in seen and len(seen)<10000:
        seen.add(cand); tot,a=attempt(cand,inp,C,U,places)
        if tot==cand: return cand,a
        cand=tot
    center=tot; radius=max(64,len(seen)+len(inp['safes'])+len(inp['seriesInvestors']))
    for off in range(radius+1):
        for v in ([center] if off==0 else [center-off,center+off]):
            if v>0:
                t,a=attempt(v,inp,C,U,places)
                if t==v: return v,a
    return None,None
if __name__=='__main__':
    for places,key in [(5,'peer_pps_up_5'),(-1,'peer_pps_exact')]:
        same=0; diff=[]
        for c in d:
            if c['fixed_percentage']: continue
            T,a=solve(c['input'],places); p=c[key]
            names=[s['name'] for s in c['input']['safes']]+[s['name'] for s in c['input']['seriesInvestors']]
            mine=dict(zip(names,a['sh']+a['ser']))
            ok = T==int(p['total']) and all(int(p['shares'][n])==v for n,v in mine.items()) and a['opts']==int(p['pool'])
            if ok: same+=1
            else: diff.append(c['id'])
        print(key, 'exact-fraction port agrees on', same, 'cases; differs on', diff)
