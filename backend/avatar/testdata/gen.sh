#!/bin/sh
# Regenerates the committed image fixtures (run from this folder). Needs
# ImageMagick 6 (convert, with libwebp), libjpeg-turbo-progs (cjpeg) and webp
# (cwebp);
# the tests themselves need none of them. bomb.png is written by
# `go test ./backend/avatar/ -run TestGenerateBomb -update` instead, and
# fuzz/FuzzProcess holds entries saved by `go test -fuzz FuzzProcess` (copied
# from the Go build cache: they are inputs that reached new code).
set -eu
IM=${IM:-/usr/bin/convert}

# quad: four flat colours (TL red, TR green, BL blue, BR yellow), 96x64.
$IM -size 48x32 'xc:rgb(220,30,30)' 'xc:rgb(30,200,60)' +append \
    \( -size 48x32 'xc:rgb(40,60,220)' 'xc:rgb(230,210,40)' +append \) -append quad.png
$IM quad.png -colorspace CMYK -quality 95 cmyk.jpg          # Adobe CMYK JPEG
cwebp -quiet -q 90 quad.png -o quad.webp                    # lossy (VP8)
cwebp -quiet -lossless quad.png -o lossless.webp            # lossless (VP8L)
# Left half transparent: lossy with an alpha channel (VP8X + ALPH + VP8).
$IM quad.png -alpha set -region 48x64+0+0 -alpha transparent +region alpha.png
cwebp -quiet -q 90 alpha.png -o alpha.webp
rm alpha.png quad.png
# An animated WebP (VP8X + ANIM + two ANMF frames), which x/image/webp cannot decode.
$IM -delay 10 -size 16x16 xc:red xc:blue -loop 0 animated.webp
# The quad picture at 600x450 as an interlaced 16-bit RGB PNG (Go's encoder
# writes neither), without ImageMagick's date chunks so that it is the same
# every time.
$IM -size 300x225 'xc:rgb(220,30,30)' 'xc:rgb(30,200,60)' +append \
    \( -size 300x225 'xc:rgb(40,60,220)' 'xc:rgb(230,210,40)' +append \) -append \
    -interlace PNG -define png:exclude-chunks=date,time PNG48:interlaced.png

# A smooth, photo-like picture in many JPEG layouts (the last one is a
# sampling image/jpeg does not decode).
$IM -seed 7 -size 200x136 plasma:fractal -blur 0x3 -depth 8 photo.ppm
cjpeg -quality 90 -sample 1x1 photo.ppm > layout-444.jpg
cjpeg -quality 90 -sample 2x1 photo.ppm > layout-422.jpg
cjpeg -quality 90 -sample 2x2 photo.ppm > layout-420.jpg
cjpeg -quality 90 -sample 1x2 photo.ppm > layout-440.jpg
cjpeg -quality 90 -grayscale photo.ppm > layout-gray.jpg
cjpeg -quality 90 -optimize -restart 3B photo.ppm > layout-restart.jpg
cjpeg -quality 90 -restart 1 -grayscale photo.ppm > layout-restart-gray.jpg
cjpeg -quality 5 photo.ppm > layout-q16bit.jpg                # 16-bit quant tables
cjpeg -quality 90 -progressive photo.ppm > layout-progressive.jpg
cjpeg -quality 90 -rgb photo.ppm > layout-rgb.jpg               # RGB, not YCbCr
cjpeg -quality 90 -sample 2x2,2x1,1x1 photo.ppm > layout-odd.jpg # unusual sampling
rm photo.ppm
