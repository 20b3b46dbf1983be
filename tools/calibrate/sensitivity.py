#!/usr/bin/env python3
"""Sensitivity of the Yangzhou model to its main level assumptions.

    python3 tools/calibrate/sensitivity.py        (from the repository root,
                                                  after building build/polsim
                                                  and make -C tools/calibrate)

For each assumption and value: the inputs are changed in a temporary copy,
the history rebuilt and the parameters refitted by yz-calibrate, and the
model copy solved: first-year GDP per yuan of relief and of vouchers, the
plan's 2024 real growth, and net exports and consumption over income in
2060 with levers left alone.  Prints the Markdown table of SOURCES.md,
"Sensitivity".  Nothing in the repository is changed.
"""
import csv
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TMP = tempfile.mkdtemp(prefix="yz-sens-")
def calibrate(name,val):
    d=os.path.join(TMP,'%s_%s'%(name,val)); os.makedirs(d+'/m',exist_ok=True)
    inp=open(ROOT+'/tools/calibrate/yangzhou-inputs.csv').read()
    inp,n=re.subn(r'^(2023,%s,)[^,]+,'%name, lambda m:m.group(1)+str(val)+',', inp, flags=re.M); assert n==1,name
    open(d+'/in.csv','w').write(inp)
    shutil.copy(ROOT+'/models/yangzhou/yangzhou.model', d+'/m/yangzhou.model')
    out=subprocess.run([ROOT+'/build-calibrate/yz-calibrate',d+'/in.csv',d+'/m/yangzhou.model',d+'/m/history.csv'],capture_output=True,text=True).stdout
    model=open(d+'/m/yangzhou.model').read()
    for m in re.finditer(r'^\s*(?:derived\s+)?(\w+)\s+=\s+(-?[0-9.]+)\s+\(',out,re.M):
        k,v=m.group(1),float(m.group(2))
        if k in ('rho_pi','log'): continue
        model=re.sub(r'^(parameter %s\s+=\s+)(-?[0-9.]+)'%k, lambda mm:mm.group(1)+'%.6g'%v, model, flags=re.M)
    open(d+'/m/yangzhou.model','w').write(model)
    return d+'/m'
def solve(md, *sets, to=2024):
    args=[ROOT+'/build/polsim','solve',md,'--from','2024','--to',str(to),'-o',os.path.join(TMP,'o.csv')]
    for s in sets: args+=['--set',s]
    subprocess.run(args,check=True,capture_output=True)
    return {int(x['period']):x for x in csv.DictReader(open(os.path.join(TMP,'o.csv')))}
def measure(md):
    h={int(x['period']):x for x in csv.DictReader(open(md+'/history.csv'))}
    pub=float(h[2023]['pubinv'])*1.05
    plan=['fee_cut=50','loan_g=0','tloan_g=0','proj_inv=0','voucher=0.45','promo=0.5','talent=2.8','rd=2.85','extd_g=5','pubinv=%.10g'%pub]
    b=solve(md,*plan)[2024]
    f=solve(md,*plan,'fee_cut@2024=60')[2024]
    v=solve(md,*plan,'voucher@2024=10.45')[2024]
    g=100*(float(b['gdpr'])/float(h[2023]['gdpr'])-1)
    lr=solve(md,to=2060)
    nx=float(lr[2060]['nx'])/float(lr[2060]['gdp']); c=float(lr[2060]['hc'])/float(lr[2060]['yd'])
    return (float(f['gdp'])-float(b['gdp']))/10,(float(v['gdp'])-float(b['gdp']))/10,g,nx,c
print('| assumption | value | relief multiplier | voucher multiplier | plan GDP 2024, % | nx/GDP 2060 | hc/yd 2060 |')
print('|---|---|---|---|---|---|---|')
for name,vals in [('hc_share',[0.33,0.30,0.36]),('yd_bridge',[1.3,1.5]),('m_share',[0.25,0.35]),('pub_share',[0.12,0.18]),('nat_fai',[427581,578491])]:
    for v in vals:
        r=measure(calibrate(name,v))
        print('| %s | %g | %.2f | %.2f | %.2f | %.3f | %.3f |'%((name,v)+r))
shutil.rmtree(TMP)
