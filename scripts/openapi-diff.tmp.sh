#!/bin/sh
# build, export, diff against /tmp/openapi-before.json
node scripts/generate-openapi-metadata.js >/dev/null && npx nest build >/dev/null 2>&1 && node scripts/export-openapi.js /tmp/openapi-after.json >/dev/null && python3 - <<'PY'
import json
a=json.load(open('/tmp/openapi-before.json')); b=json.load(open('/tmp/openapi-after.json'))
def norm(x):
    if isinstance(x,dict):
        return {k:(({p['in']+':'+p['name']:norm(p) for p in v} if k=='parameters' and isinstance(v,list) else norm(v))) for k,v in x.items()}
    if isinstance(x,list):
        items=[norm(i) for i in x]
        return sorted(items) if all(isinstance(i,str) for i in items) else items
    return x
a=norm(a); b=norm(b)
def walk(x,y,path):
    if type(x)!=type(y):
        print('TYPE',path,repr(x)[:120],'->',repr(y)[:120]); return
    if isinstance(x,dict):
        for k in sorted(set(x)|set(y)):
            if k not in x: print('ADD',path+'/'+k,repr(y[k])[:160])
            elif k not in y: print('DEL',path+'/'+k,repr(x[k])[:160])
            else: walk(x[k],y[k],path+'/'+k)
    elif isinstance(x,list):
        if len(x)!=len(y): print('LEN',path,repr(x)[:160],'->',repr(y)[:160]); return
        for i,(p,q) in enumerate(zip(x,y)): walk(p,q,path+f'[{i}]')
    elif x!=y: print('CHG',path,repr(x)[:120],'->',repr(y)[:120])
walk(a,b,'')
PY
